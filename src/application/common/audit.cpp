#include "application/common/audit.hpp"

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

}  // namespace rampart::application
