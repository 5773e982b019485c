#include "infrastructure/messaging/local/mail_pickup.hpp"

#include "common/log.hpp"
#include "infrastructure/messaging/local/eml.hpp"
#include "infrastructure/messaging/local/mail_message.hpp"

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
    ++(written ? outcome.written : outcome.duplicates);
    queue_.Delete(message.receipt_handle);
  }
  return outcome;
}

}  // namespace rampart::infrastructure::messaging
