#pragma once
// The mail consumers' calls to their ledger (application/messaging/message_ledger.hpp): the
// inbox check before a mail goes out, the record after, the error of a mail that failed. A
// database that does not answer must not stop the mail: each call logs the failure and carries
// on (an inbox that cannot be read lets the mail through: at least once, never lost).
#include <string_view>

#include "application/messaging/message_ledger.hpp"

namespace rampart::infrastructure::messaging {

// HandledBefore returns whether the ledger knows the mail as handled (false without a ledger or
// when it fails).
bool HandledBefore(application::MessageLedger* ledger, std::string_view mail_id);
// RecordHandled records the mail handled (nothing without a ledger; a failure is logged).
void RecordHandled(application::MessageLedger* ledger, std::string_view mail_id);
// RecordFailure records why the message failed (nothing without a ledger; a failure is logged).
void RecordFailure(application::MessageLedger* ledger, const application::ReceivedMessage& message,
                   std::string_view error);

}  // namespace rampart::infrastructure::messaging
