#include "application/common/audit.hpp"

#include <cstdio>

namespace rampart::application {

domain::AuditEvent MakeAuditEvent(Services& services, const RequestContext& context,
                                  std::string_view action, std::string_view actor_id,
                                  std::string_view target_type, std::string_view target_id,
                                  std::string details_json) {
  domain::AuditEvent event;
  event.id = services.random.NewUuid();
  event.at = services.clock.Now();
  event.action = std::string(action);
  event.actor_id = std::string(actor_id);
  event.target_type = std::string(target_type);
  event.target_id = std::string(target_id);
  event.ip = context.ip;
  // Bounded like a session's: the header limit is generous, the trail need not be.
  event.user_agent = context.user_agent.substr(0, kMaxAuditUserAgent);
  event.correlation_id = context.correlation_id;
  event.details_json = std::move(details_json);
  return event;
}

std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out.push_back(c);  // UTF-8 passes through as is
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string JsonStringArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += JsonString(values[i]);
  }
  out.push_back(']');
  return out;
}

}  // namespace rampart::application
