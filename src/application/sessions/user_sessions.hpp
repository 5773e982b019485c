#pragma once
// An administrator's view of another user's sessions (SPEC's `sessions.manage`): list them, and
// end them all at once (a stolen laptop, a departing employee, an incident).
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/sessions/list_my_sessions.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

// ListUserSessionsQuery: GET /api/v1/users/{id}/sessions — the user's active sessions, newest
// first. `current` marks the caller's own session (when they list themselves).
struct ListUserSessionsQuery {
  using Response = std::vector<SessionView>;
  static constexpr std::string_view kName = "sessions.list_user";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kSessionsManage);
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string user_id;
};

// RevokeUserSessionsCommand: DELETE /api/v1/users/{id}/sessions — ends every active session of the
// user: their refresh tokens and the access tokens of those sessions stop working at once (the
// token check reads the session). The account itself stays usable: the user may sign in again.
// Audited as `user.sessions.revoked` with the count (nothing when there was none). Subject to the
// no-escalation rule: a user who holds a permission the caller lacks is 403.
struct RevokeUserSessionsCommand {
  using Response = int;  // how many sessions ended
  static constexpr std::string_view kName = "sessions.revoke_user";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kSessionsManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
};

// Handle: kNotFound for an unknown, malformed or deleted user id.
domain::Result<std::vector<SessionView>> Handle(const ListUserSessionsQuery& query,
                                                UseCaseContext& context);
domain::Result<int> Handle(const RevokeUserSessionsCommand& command, UseCaseContext& context);

}  // namespace rampart::application
