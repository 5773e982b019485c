// /api/v1/audit-events: the audit trail for holders of `audit.read`.
#include <boost/json/parse.hpp>

#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

boost::json::object AuditEventJson(const domain::AuditEvent& event) {
  // Stored as a JSON object by the application; anything else is shown as an empty object
  // rather than failing the whole page.
  boost::system::error_code error;
  boost::json::value details = boost::json::parse(event.details_json, error);
  if (error || !details.is_object()) details = boost::json::object{};
  auto optional = [](const std::string& value) -> boost::json::value {
    if (value.empty()) return nullptr;
    return boost::json::string(value);
  };
  return {{"id", event.id},
          {"at", domain::FormatRfc3339(event.at)},
          {"action", event.action},
          {"actorId", optional(event.actor_id)},
          {"targetType", optional(event.target_type)},
          {"targetId", optional(event.target_id)},
          {"ip", event.ip},
          {"userAgent", event.user_agent},
          {"correlationId", event.correlation_id},
          {"details", std::move(details)}};
}

Response AuditEventPageOk(const application::AuditEventPage& page) {
  return NoStore(JsonResponse(200, PageJson(page, AuditEventJson)));
}

}  // namespace

std::vector<Endpoint> AuditEndpoints(ApiContext& context) {
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<application::ListAuditEventsQuery>(
      context.dispatcher, Method::kGet, "/api/v1/audit-events",
      {.operation_id = "listAuditEvents",
       .summary = "The audit trail",
       .description = "Newest first (docs/audit.md lists the actions). Every filter is optional; "
                      "together they must all match.",
       .tag = "audit",
       .responses = {{200, "One page of audit events.", "AuditEventPage"},
                     {422, "A bad query parameter (each one named).", ""}},
       .query = {{"actor", "The user who acted (user id)."},
                 // rampart:begin(iam)
                 {"action", "An action name, e.g. `auth.login.failed`."},
                 {"target", "The id of what was acted on (user, session, ...)."},
                 // rampart:else
                 // {"action", "An action name, e.g. `note.created`."},
                 // {"target", "The id of what was acted on (note, feature, ...)."},
                 // rampart:end
                 {"from", "Events at or after this time (RFC 3339).", "string", "date-time"},
                 {"to", "Events at or before this time (RFC 3339).", "string", "date-time"},
                 {"page", "From 1; default 1.", "integer"},
                 {"pageSize", "1..100; default 50.", "integer"}}},
      BindListAuditEvents, AuditEventPageOk));
  return endpoints;
}

application::ListAuditEventsQuery BindListAuditEvents(Input& in) {
  return {.actor_id = in.Query("actor").value_or(""),
          .action = in.Query("action").value_or(""),
          .target_id = in.Query("target").value_or(""),
          .from = in.Query("from"),
          .to = in.Query("to"),
          .page = in.Query("page"),
          .page_size = in.Query("pageSize")};
}

}  // namespace rampart::api
