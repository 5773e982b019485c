#pragma once
// The mail message on the queue (docs/messaging.md), as every mail consumer reads it: the
// pickup directory and the SMTP adapter.
#include <optional>
#include <string>
#include <string_view>

namespace rampart::infrastructure::messaging {

struct MailMessage {
  std::string id;  // the mail's own id: letters, digits and '-' only (it names a file)
  std::string to;
  std::string subject;
  std::string text;  // the plain-text body
  std::string html;  // the HTML alternative, already escaped by its author; empty for none
};

// ParseMailMessage: {"type":"mail","id","to","subject","text"} and an optional "html"; nullopt for
// anything else (not JSON, another type, a missing field, an id that could be a path).
std::optional<MailMessage> ParseMailMessage(std::string_view body);

}  // namespace rampart::infrastructure::messaging
