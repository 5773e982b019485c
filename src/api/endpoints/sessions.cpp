// Sessions of the signed-in user: list, end one, end all (logout-all).
#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

boost::json::object SessionJson(const application::SessionView& view) {
  const auto& session = view.session;
  return {{"id", session.id},
          {"createdAt", domain::FormatRfc3339(session.created_at)},
          {"lastUsedAt", domain::FormatRfc3339(session.last_used_at)},
          {"ip", session.ip},
          {"userAgent", session.user_agent},
          {"current", view.current}};
}

Response SessionListResponse(const std::vector<application::SessionView>& sessions) {
  boost::json::array items;
  for (const auto& view : sessions) items.push_back(SessionJson(view));
  return NoStore(JsonResponse(200, items));
}

}  // namespace

std::vector<Endpoint> SessionEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  const OpenApiResponse k404User{404, "No live user with this id.", ""};
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<ListMySessionsQuery>(
      dispatcher, Method::kGet, "/api/v1/users/me/sessions",
      {.operation_id = "listMySessions",
       .summary = "The signed-in user's active sessions",
       .description = "Newest first; `current` marks the session of the calling token.",
       .tag = "sessions",
       .responses = {{200, "The sessions.", "SessionList"}}},
      BindNothing, SessionListResponse));
  endpoints.push_back(Map<ListUserSessionsQuery>(
      dispatcher, Method::kGet, "/api/v1/users/{id}/sessions",
      {.operation_id = "listUserSessions",
       .summary = "A user's active sessions (administrators)",
       .description = "Newest first, with device (User-Agent), IP, created and last used "
                      "(docs/users.md). `current` marks the caller's own session.",
       .tag = "sessions",
       .responses = {{200, "The sessions.", "SessionList"}, k404User}},
      BindListUserSessions, SessionListResponse));
  endpoints.push_back(Map<RevokeUserSessionsCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/{id}/sessions",
      {.operation_id = "revokeUserSessions",
       .summary = "End every session of a user (administrators)",
       .description = "Their refresh tokens and the access tokens of those sessions stop working "
                      "at once; the account stays usable (not a lock). Audited as "
                      "`user.sessions.revoked`.",
       .tag = "sessions",
       .responses = {{204, "Every session has ended (or there was none).", ""},
                     {403,
                      "The token lacks `sessions.manage`, or the user holds a permission the "
                      "caller lacks.",
                      ""},
                     k404User}},
      BindRevokeUserSessions, NoContent));
  endpoints.push_back(Map<RevokeMySessionCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/me/sessions/{id}",
      {.operation_id = "revokeMySession",
       .summary = "End one of the signed-in user's sessions",
       .description = "Its refresh token and its access tokens stop working at once.",
       .tag = "sessions",
       .responses = {{204, "The session has ended.", ""},
                     {404, "No active session of this user with this id.", ""}}},
      BindRevokeMySession, NoContent));
  endpoints.push_back(Map<LogoutAllCommand>(
      dispatcher, Method::kPost, "/api/v1/auth/logout-all",
      {.operation_id = "logoutAll",
       .summary = "End every session of the signed-in user",
       .description = "Revokes all sessions and bumps the user's token version: every access and "
                      "refresh token issued before stops working at once.",
       .tag = "auth",
       .responses = {{204, "Logged out everywhere.", ""}}},
      BindNothing, NoContent));
  return endpoints;
}

application::ListUserSessionsQuery BindListUserSessions(Input& in) {
  return {.user_id = in.Path("id")};
}

application::RevokeUserSessionsCommand BindRevokeUserSessions(Input& in) {
  return {.user_id = in.Path("id")};
}

application::RevokeMySessionCommand BindRevokeMySession(Input& in) {
  return {.session_id = in.Path("id")};
}

}  // namespace rampart::api
