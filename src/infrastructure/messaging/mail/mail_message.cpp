#include "infrastructure/messaging/mail/mail_message.hpp"

#include <boost/json.hpp>
#include <cctype>

namespace rampart::infrastructure::messaging {

std::optional<MailMessage> ParseMailMessage(std::string_view body) {
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
  return MailMessage{std::move(*id), std::move(*to), std::move(*subject), std::move(*text),
                     html.value_or("")};
}

}  // namespace rampart::infrastructure::messaging
