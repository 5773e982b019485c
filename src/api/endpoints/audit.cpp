// /api/v1/audit-events: the audit trail for holders of `audit.read`.
#include <boost/json/parse.hpp>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/audit/list_audit_events.hpp"

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

}  // namespace

std::vector<Endpoint> AuditEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;
  using Query = application::ListAuditEventsQuery;

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/audit-events",
      .access = Access::kPermission,
      .permission = std::string(Query::kRequires.permission),
      .doc = {.operation_id = "listAuditEvents",
              .summary = "The audit trail",
              .description = "Newest first (docs/audit.md lists the actions). Every filter is "
                             "optional; together they must all match.",
              .tag = "audit",
              .responses = {{200, "One page of audit events.", "AuditEventPage"},
                            {401, "Missing, invalid or revoked token.", ""},
                            {403, "The token lacks `audit.read`.", ""},
                            {422, "A bad query parameter (each one named).", ""}},
              .query = {{"actor", "The user who acted (user id)."},
                        {"action", "An action name, e.g. `auth.login.failed`."},
                        {"target", "The id of what was acted on (user, session, ...)."},
                        {"from", "Events at or after this time (RFC 3339).", "string", "date-time"},
                        {"to", "Events at or before this time (RFC 3339).", "string", "date-time"},
                        {"page", "From 1; default 1.", "integer"},
                        {"pageSize", "1..100; default 50.", "integer"}}},
      .handler =
          [&dispatcher](Request& request) {
            Query query{.actor_id = request.QueryParam("actor").value_or(""),
                        .action = request.QueryParam("action").value_or(""),
                        .target_id = request.QueryParam("target").value_or(""),
                        .from = request.QueryParam("from"),
                        .to = request.QueryParam("to"),
                        .page = request.QueryParam("page"),
                        .page_size = request.QueryParam("pageSize")};
            auto page = dispatcher.Send(query, CallerOf(request));
            if (!page) return Problem(page.error(), request);
            boost::json::array items;
            for (const auto& event : page->items) items.push_back(AuditEventJson(event));
            auto response = JsonResponse(200, boost::json::object{{"items", std::move(items)},
                                                                  {"page", page->page},
                                                                  {"pageSize", page->page_size},
                                                                  {"total", page->total}});
            response.SetHeader("Cache-Control", "no-store");
            return response;
          },
  });
  return endpoints;
}

}  // namespace rampart::api
