#include "application/sessions/user_sessions.hpp"

#include "application/users/get_user.hpp"

namespace rampart::application {

domain::Result<std::vector<SessionView>> Handle(const ListUserSessionsQuery& query,
                                                UseCaseContext& context) {
  auto& uow = context.Uow();
  auto user = FindUserOrNotFound(uow, query.user_id);
  if (!user) return domain::Fail(user.error());
  const auto now = context.services.clock.Now();
  const std::string& own_session = context.Me().session_id;
  std::vector<SessionView> views;
  for (auto& session : uow.Sessions().ListByUser(user->id)) {
    if (!session.IsActive(now)) continue;
    const bool current = session.id == own_session;
    views.push_back({std::move(session), current});
  }
  return views;
}

domain::Result<int> Handle(const RevokeUserSessionsCommand& command, UseCaseContext& context) {
  // The no-escalation rule, as for lock: ending an administrator's sessions is not for someone
  // who holds fewer permissions than they do.
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  const auto now = context.services.clock.Now();
  const int ended = context.Uow().Sessions().RevokeAllForUser(user->id, now, "revoked_by_admin");
  // Like every admin change, one that changes nothing (no active session) records nothing.
  if (ended > 0) {
    context.Audit(domain::audit::kUserSessionsRevoked, "user", user->id,
                  R"({"sessionsRevoked":)" + std::to_string(ended) + "}");
  }
  return ended;
}

}  // namespace rampart::application
