#pragma once
// What a queue consumer records in the application database (docs/messaging.md, "Idempotent
// consumers"): its inbox — the ids of the messages it handled, so that a second delivery of one
// (at-least-once: a redelivery after a lost delete, a republish past the deduplication window,
// a redrive) is recognised and absorbed — and the last error of a message it could not handle,
// which `rampart queue dead-letters` shows (SQS keeps none).
//
// A handler whose work is a database change records the message in that change's transaction
// (HandleOnce): both commit or neither, so the message is handled exactly once. A handler whose
// work is outside the database (sending a mail) checks Handled() before and records after the
// work succeeded (RecordHandled): a crash between the two leaves a duplicate to the receiver,
// which the mail's constant Message-ID lets it recognise.
#include <functional>
#include <string>
#include <string_view>

#include "application/ports/clock.hpp"
#include "application/ports/message_queue.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart::application {

class MessageLedger {
 public:
  virtual ~MessageLedger() = default;
  // Handled returns whether this consumer handled the message with this id (the id the message
  // carries: the mail's id, the CloudEvent's id) before.
  virtual bool Handled(std::string_view message_id) = 0;
  // RecordHandled records the message handled, in a transaction of its own; false when it was
  // recorded already.
  virtual bool RecordHandled(std::string_view message_id) = 0;
  // RecordFailure records why a received message could not be handled (the latest error per
  // message).
  virtual void RecordFailure(const ReceivedMessage& message, std::string_view error) = 0;
};

// DatabaseMessageLedger is the ledger in the application database (tables `inbox` and
// `delivery_failures`).
class DatabaseMessageLedger final : public MessageLedger {
 public:
  // DatabaseMessageLedger: `queue` names the queue ("mail", "events"), `consumer` the handler
  // ("mail.smtp").
  DatabaseMessageLedger(UnitOfWorkFactory& database, Clock& clock, std::string queue,
                        std::string consumer);

  bool Handled(std::string_view message_id) override;
  bool RecordHandled(std::string_view message_id) override;
  void RecordFailure(const ReceivedMessage& message, std::string_view error) override;

  // HandleOnce handles a message whose work is a database change: one write transaction records the
  // message in the inbox and runs `handle` in it, then commits. False, without calling
  // `handle`, when the message was handled before (also by a concurrent delivery that
  // committed first). An exception from `handle` rolls both back.
  bool HandleOnce(std::string_view message_id, const std::function<void(UnitOfWork&)>& handle);

 private:
  UnitOfWorkFactory& database_;
  Clock& clock_;
  std::string queue_;
  std::string consumer_;
};

}  // namespace rampart::application
