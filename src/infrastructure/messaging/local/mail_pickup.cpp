#include "infrastructure/messaging/local/mail_pickup.hpp"

#include <boost/json.hpp>
#include <optional>

#include "common/log.hpp"
#include "infrastructure/messaging/local/eml.hpp"

namespace rampart::infrastructure::messaging {

namespace {

struct Mail {
  std::string id;
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
};

// The mail message body (docs/messaging.md): {"type":"mail","id","to","subject","text"} and an
// optional "html".
std::optional<Mail> ParseMail(const std::string& body) {
  boost::system::error_code error;
  const auto value = boost::json::parse(body, error);
  if (error || !value.is_object()) return std::nullopt;
  const auto& object = value.as_object();
  const auto text_of = [&](std::string_view key) -> std::optional<std::string> {
    const auto* member = object.if_contains(key);
    if (member == nullptr || !member->is_string()) return std::nullopt;
    return std::string(member->as_string());
  };
  const auto type = text_of("type");
  auto id = text_of("id");
  auto to = text_of("to");
  auto subject = text_of("subject");
  auto text = text_of("text");
  if (!type || *type != "mail" || !id || !to || !subject || !text) return std::nullopt;
  // The id names the file: a UUID-like token only, never a path.
  if (id->empty() || id->size() > 64) return std::nullopt;
  for (const char c : *id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return std::nullopt;
  }
  auto html = text_of("html");
  return Mail{std::move(*id), std::move(*to), std::move(*subject), std::move(*text),
              html.value_or("")};
}

}  // namespace

MailPickup::MailPickup(application::MessageQueue& queue, MailPickupOptions options)
    : queue_(queue), options_(std::move(options)) {}

MailPickup::Outcome MailPickup::PollOnce() {
  Outcome outcome;
  for (const auto& message : queue_.Receive(options_.batch, options_.visibility_timeout)) {
    const auto mail = ParseMail(message.body);
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
