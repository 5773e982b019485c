#include "infrastructure/messaging/local/mail_pickup.hpp"

#include "common/log.hpp"
#include "infrastructure/messaging/local/pickup_file.hpp"
#include "infrastructure/messaging/mail/eml.hpp"
#include "infrastructure/messaging/mail/ledger_calls.hpp"
#include "infrastructure/messaging/mail/mail_message.hpp"

namespace rampart::infrastructure::messaging {

MailPickup::MailPickup(application::MessageQueue& queue, MailPickupOptions options)
    : queue_(queue), options_(std::move(options)) {}

MailPickup::Outcome MailPickup::PollOnce() {
  Outcome outcome;
  for (const auto& message : queue_.Receive(options_.batch, options_.visibility_timeout)) {
    const auto mail = ParseMailMessage(message.body);
    if (!mail) {
      ++outcome.unreadable;
      log::Warn("mail", "unreadable mail message left on the queue",
                {{"messageId", message.message_id}, {"receiveCount", message.receive_count}});
      RecordFailure(options_.ledger, message, "not a mail message");
      continue;
    }
    if (HandledBefore(options_.ledger, mail->id)) {
      ++outcome.duplicates;  // absorbed by the inbox
      queue_.Delete(message.receipt_handle);
      continue;
    }
    const bool written = WriteFileOnce(options_.directory, mail->id + ".eml",
                                       FormatEml({.from = options_.from,
                                                  .to = mail->to,
                                                  .subject = mail->subject,
                                                  .text = mail->text,
                                                  .html = mail->html,
                                                  .message_id = mail->id + "@rampart",
                                                  .date = message.sent_at}));
    RecordHandled(options_.ledger, mail->id);
    ++(written ? outcome.written : outcome.duplicates);
    queue_.Delete(message.receipt_handle);
  }
  return outcome;
}

}  // namespace rampart::infrastructure::messaging
