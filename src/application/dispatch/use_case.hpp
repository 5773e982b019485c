#pragma once
// What a use case is, and what its handler sees.
//
// A use case is a plain struct (the command or query, with its input fields) that declares
//
//   using Response = ...;                               // what Handle returns on success
//   static constexpr std::string_view kName = "notes.create";   // for logs
//   static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
//   static constexpr Transaction kTransaction = Transaction::kWrite;
//
// plus, beside it in the same file pair, two free functions found by argument-dependent lookup:
//
//   void Validate(const CreateNoteCommand&, Validation&);                  // optional
//   domain::Result<domain::Note> Handle(const CreateNoteCommand&, UseCaseContext&);
//
// The Dispatcher runs them through the pipeline behaviours (dispatcher.hpp).
#include <concepts>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "application/common/services.hpp"
#include "application/dispatch/business_metrics.hpp"
#include "application/dispatch/caller.hpp"
#include "application/dispatch/requirement.hpp"
#include "domain/audit_event.hpp"
#include "domain/errors.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::application {

enum class Transaction {
  kRead,   // a query: one read snapshot around authorisation and the handler
  kWrite,  // a command: one write transaction, committed when the handler succeeds
  kOwn,    // the handler opens its own units of work — for slow work (a key derivation takes
           // tens of milliseconds), which must not run while holding the database's write lock
};

template <class T>
concept UseCase = requires {
  typename T::Response;
  { T::kName } -> std::convertible_to<std::string_view>;
  { T::kRequires } -> std::convertible_to<Requirement>;
  { T::kTransaction } -> std::convertible_to<Transaction>;
};

// UseCaseContext: what a handler may use: the ports, the caller, the pipeline's unit of work.
class UseCaseContext {
 public:
  UseCaseContext(Services& services, const Caller& caller) : services(services), caller(caller) {}

  Services& services;
  const Caller& caller;

  // Uow returns the pipeline's transaction (kRead/kWrite use cases). Throws std::logic_error for
  // kOwn.
  UnitOfWork& Uow();
  // Me returns the authenticated caller (kAuthenticated/kPermission use cases). Throws
  // std::logic_error when there is none (public or system callers): check HasActor() where both are
  // possible.
  const Actor& Me() const;
  bool HasActor() const { return actor_ != nullptr; }
  // ActorId returns the actor's user id; empty for anonymous and system callers (as audit events
  // record it).
  std::string ActorId() const { return actor_ ? actor_->user_id : std::string(); }

  // Audit appends an audit event (stamped with the caller's origin and actor) to Uow(): it commits
  // with the change it records, or not at all.
  void Audit(std::string_view action, std::string_view target_type, std::string_view target_id,
             std::string details_json = "{}");
  // rampart:begin(iam)
  // AuditAs: same, naming the actor explicitly (e.g. the user who just signed up or failed to log
  // in). `event` marks an outcome the action alone does not tell (a `user.created` that is a
  // self-registration); the business counters read it, never the details text.
  // rampart:else
  // // AuditAs: same, naming the actor explicitly (one the caller is not). `event` marks an outcome
  // // the action alone does not tell; the business counters read it, never the details text.
  // rampart:end
  void AuditAs(std::string_view actor_id, std::string_view action, std::string_view target_type,
               std::string_view target_id, std::string details_json = "{}",
               BusinessEvent event = BusinessEvent::kNone);

  // Commit commits Uow() now — for a handler that must persist something and still fail (e.g.
  // a security reaction to the request it refuses). The pipeline then does not commit again.
  // The domain events of the audit events it carried are written to the outbox first, in the
  // same transaction; their business counters count once the commit succeeded.
  void Commit();

  // Begin opens Uow() (the transaction behaviour does; a kOwn handler calls it when it is ready to
  // write, e.g. after hashing). Replaces an earlier unit of work, rolling it back if pending.
  void Begin(TransactionMode mode);

  // HasUow: used by the behaviours.
  bool HasUow() const { return uow_ != nullptr; }
  void CommitIfPending();
  void SetActor(const Actor* actor) { actor_ = actor; }
  Actor& KeepActor(Actor actor);  // an actor loaded by the pipeline, owned by this context

 private:
  std::unique_ptr<UnitOfWork> uow_;
  bool committed_ = false;
  // Business counters (business_metrics.hpp) of the audit events appended since Begin().
  std::vector<telemetry::Counter*> pending_counts_;
  // PendingEvent: domain events (events/domain_events.hpp) of the audit events appended since
  // Begin(): written to the outbox by Commit(), so they read the aggregates' final state.
  struct PendingEvent {
    std::string_view type;
    domain::AuditEvent audit;
  };
  std::vector<PendingEvent> pending_events_;
  const Actor* actor_ = nullptr;
  std::unique_ptr<Actor> owned_actor_;
};

}  // namespace rampart::application
