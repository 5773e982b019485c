#include "application/messaging/message_ledger.hpp"

namespace rampart::application {

namespace {

constexpr std::size_t kMaxError = 1000;  // characters kept of an error

}  // namespace

DatabaseMessageLedger::DatabaseMessageLedger(UnitOfWorkFactory& database, Clock& clock,
                                             std::string queue, std::string consumer)
    : database_(database),
      clock_(clock),
      queue_(std::move(queue)),
      consumer_(std::move(consumer)) {}

bool DatabaseMessageLedger::Handled(std::string_view message_id) {
  auto uow = database_.Begin(TransactionMode::kRead);
  return uow->Inbox().Contains(consumer_, message_id);
}

bool DatabaseMessageLedger::RecordHandled(std::string_view message_id) {
  auto uow = database_.Begin(TransactionMode::kWrite);
  const bool recorded = uow->Inbox().Record(consumer_, message_id, clock_.Now());
  uow->Commit();
  return recorded;
}

void DatabaseMessageLedger::RecordFailure(const ReceivedMessage& message, std::string_view error) {
  auto uow = database_.Begin(TransactionMode::kWrite);
  uow->DeliveryFailures().Save({.queue = queue_,
                                .message_id = message.message_id,
                                .consumer = consumer_,
                                .receive_count = message.receive_count,
                                .error = std::string(error.substr(0, kMaxError)),
                                .failed_at = clock_.Now()});
  uow->Commit();
}

bool DatabaseMessageLedger::HandleOnce(std::string_view message_id,
                                       const std::function<void(UnitOfWork&)>& handle) {
  auto uow = database_.Begin(TransactionMode::kWrite);
  if (!uow->Inbox().Record(consumer_, message_id, clock_.Now())) return false;
  handle(*uow);
  uow->Commit();
  return true;
}

}  // namespace rampart::application
