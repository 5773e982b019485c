#include "application/dispatch/use_case.hpp"

#include <stdexcept>

#include "application/common/audit.hpp"
#include "application/dispatch/business_metrics.hpp"
#include "application/events/domain_events.hpp"

namespace rampart::application {

UnitOfWork& UseCaseContext::Uow() {
  if (!uow_) throw std::logic_error("use case has no pipeline transaction (Transaction::kOwn)");
  return *uow_;
}

const Actor& UseCaseContext::Me() const {
  if (!actor_) throw std::logic_error("use case has no authenticated actor");
  return *actor_;
}

void UseCaseContext::Audit(std::string_view action, std::string_view target_type,
                           std::string_view target_id, std::string details_json) {
  AuditAs(ActorId(), action, target_type, target_id, std::move(details_json));
}

void UseCaseContext::AuditAs(std::string_view actor_id, std::string_view action,
                             std::string_view target_type, std::string_view target_id,
                             std::string details_json, BusinessEvent event) {
  if (auto* counter = BusinessCounterFor(action, event)) pending_counts_.push_back(counter);
  auto audit = MakeAuditEvent(services, caller.request, action, actor_id, target_type, target_id,
                              std::move(details_json));
  Uow().Audit().Append(audit);
  if (const auto type = DomainEventTypeOf(audit, event)) {
    pending_events_.push_back({*type, std::move(audit)});
  }
}

void UseCaseContext::Commit() {
  auto& uow = Uow();
  for (const auto& pending : pending_events_) {
    AppendDomainEvent(pending.type, pending.audit, services.settings.event_source, uow);
  }
  pending_events_.clear();
  uow.Commit();
  committed_ = true;
  for (auto* counter : pending_counts_) counter->Add();
  pending_counts_.clear();
}

void UseCaseContext::Begin(TransactionMode mode) {
  uow_.reset();  // roll back the previous one first: it may hold the write lock
  pending_counts_.clear();
  pending_events_.clear();
  uow_ = services.database.Begin(mode);
  committed_ = false;
}

void UseCaseContext::CommitIfPending() {
  if (uow_ && !committed_) Commit();
}

Actor& UseCaseContext::KeepActor(Actor actor) {
  owned_actor_ = std::make_unique<Actor>(std::move(actor));
  actor_ = owned_actor_.get();
  return *owned_actor_;
}

}  // namespace rampart::application
