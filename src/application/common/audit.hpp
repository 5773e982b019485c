#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

inline constexpr std::size_t kMaxAuditUserAgent = 512;  // characters kept of a User-Agent

// MakeAuditEvent builds an audit event stamped with the request's origin; append it inside the same
// unit of work as the change it records so that both commit or neither does.
domain::AuditEvent MakeAuditEvent(Services& services, const RequestContext& context,
                                  std::string_view action, std::string_view actor_id,
                                  std::string_view target_type, std::string_view target_id,
                                  std::string details_json = "{}");

// JsonString: for building an event's details (a JSON object) by hand: `text` as a JSON string
// literal (quotes, backslashes and control characters escaped), and a JSON array of such strings.
// Use them for any value that is not a constant — a role name an administrator typed, say.
std::string JsonString(std::string_view text);
std::string JsonStringArray(const std::vector<std::string>& values);

}  // namespace rampart::application
