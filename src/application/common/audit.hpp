#pragma once
#include <string>
#include <string_view>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

inline constexpr std::size_t kMaxAuditUserAgent = 512;  // characters kept of a User-Agent

// Builds an audit event stamped with the request's origin; append it inside the same unit of
// work as the change it records so that both commit or neither does.
domain::AuditEvent MakeAuditEvent(Services& services, const RequestContext& context,
                                  std::string_view action, std::string_view actor_id,
                                  std::string_view target_type, std::string_view target_id,
                                  std::string details_json = "{}");

}  // namespace rampart::application
