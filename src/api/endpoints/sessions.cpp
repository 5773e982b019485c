// Sessions of the signed-in user: list, end one, end all (logout-all).
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/auth/logout_all.hpp"
#include "application/sessions/list_my_sessions.hpp"
#include "application/sessions/revoke_my_session.hpp"
#include "application/sessions/user_sessions.hpp"

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
  auto response = JsonResponse(200, items);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

std::vector<Endpoint> SessionEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users/me/sessions",
      .access = Access::kAuthenticated,
      .doc = {.operation_id = "listMySessions",
              .summary = "The signed-in user's active sessions",
              .description = "Newest first; `current` marks the session of the calling token.",
              .tag = "sessions",
              .responses = {{200, "The sessions.", "SessionList"},
                            {401, "Missing, invalid or revoked token.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto sessions = dispatcher.Send(application::ListMySessionsQuery{}, CallerOf(request));
            if (!sessions) return Problem(sessions.error(), request);
            return SessionListResponse(*sessions);
          },
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users/{id}/sessions",
      .access = Access::kPermission,
      .permission = std::string(application::ListUserSessionsQuery::kRequires.permission),
      .doc = {.operation_id = "listUserSessions",
              .summary = "A user's active sessions (administrators)",
              .description = "Newest first, with device (User-Agent), IP, created and last used "
                             "(docs/users.md). `current` marks the caller's own session.",
              .tag = "sessions",
              .responses = {{200, "The sessions.", "SessionList"},
                            {401, "Missing, invalid or revoked token.", ""},
                            {403, "The token lacks `sessions.manage`.", ""},
                            {404, "No live user with this id.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto sessions = dispatcher.Send(
                application::ListUserSessionsQuery{.user_id = std::string(request.PathParam("id"))},
                CallerOf(request));
            if (!sessions) return Problem(sessions.error(), request);
            return SessionListResponse(*sessions);
          },
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/users/{id}/sessions",
      .access = Access::kPermission,
      .permission = std::string(application::RevokeUserSessionsCommand::kRequires.permission),
      .doc = {.operation_id = "revokeUserSessions",
              .summary = "End every session of a user (administrators)",
              .description = "Their refresh tokens and the access tokens of those sessions stop "
                             "working at once; the account stays usable (not a lock). Audited as "
                             "`user.sessions.revoked`.",
              .tag = "sessions",
              .responses = {{204, "Every session has ended (or there was none).", ""},
                            {401, "Missing, invalid or revoked token.", ""},
                            {403,
                             "The token lacks `sessions.manage`, or the user holds a permission "
                             "the caller lacks.",
                             ""},
                            {404, "No live user with this id.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto done = dispatcher.Send(
                application::RevokeUserSessionsCommand{.user_id =
                                                           std::string(request.PathParam("id"))},
                CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/users/me/sessions/{id}",
      .access = Access::kAuthenticated,
      .doc = {.operation_id = "revokeMySession",
              .summary = "End one of the signed-in user's sessions",
              .description = "Its refresh token and its access tokens stop working at once.",
              .tag = "sessions",
              .responses = {{204, "The session has ended.", ""},
                            {401, "Missing, invalid or revoked token.", ""},
                            {404, "No active session of this user with this id.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto done = dispatcher.Send(
                application::RevokeMySessionCommand{.session_id =
                                                        std::string(request.PathParam("id"))},
                CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/auth/logout-all",
      .access = Access::kAuthenticated,
      .doc = {.operation_id = "logoutAll",
              .summary = "End every session of the signed-in user",
              .description = "Revokes all sessions and bumps the user's token version: every "
                             "access and refresh token issued before stops working at once.",
              .tag = "auth",
              .responses = {{204, "Logged out everywhere.", ""},
                            {401, "Missing, invalid or revoked token.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto done = dispatcher.Send(application::LogoutAllCommand{}, CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });
  return endpoints;
}

}  // namespace rampart::api
