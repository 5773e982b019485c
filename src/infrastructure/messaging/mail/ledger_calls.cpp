#include "infrastructure/messaging/mail/ledger_calls.hpp"

#include <exception>

#include "common/log.hpp"

namespace rampart::infrastructure::messaging {

bool HandledBefore(application::MessageLedger* ledger, std::string_view mail_id) {
  if (ledger == nullptr) return false;
  try {
    return ledger->Handled(mail_id);
  } catch (const std::exception& error) {
    log::Warn("mail", "inbox unavailable; the mail goes out unchecked",
              {{"mailId", mail_id}, {"error", error.what()}});
    return false;
  }
}

void RecordHandled(application::MessageLedger* ledger, std::string_view mail_id) {
  if (ledger == nullptr) return;
  try {
    ledger->RecordHandled(mail_id);
  } catch (const std::exception& error) {
    log::Warn("mail", "inbox unavailable; a redelivery of this mail would go out again",
              {{"mailId", mail_id}, {"error", error.what()}});
  }
}

void RecordFailure(application::MessageLedger* ledger, const application::ReceivedMessage& message,
                   std::string_view error) {
  if (ledger == nullptr) return;
  try {
    ledger->RecordFailure(message, error);
  } catch (const std::exception& failure) {
    log::Warn("mail", "could not record a delivery failure",
              {{"messageId", message.message_id}, {"error", failure.what()}});
  }
}

}  // namespace rampart::infrastructure::messaging
