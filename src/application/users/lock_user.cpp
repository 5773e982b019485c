#include "application/users/lock_user.hpp"

#include "application/users/get_user.hpp"
#include "application/users/user_rules.hpp"

namespace rampart::application {

domain::Result<domain::User> Handle(const LockUserCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  if (!user->locked) {
    if (auto kept = KeepAnActiveAdministrator(uow.Users(), *user); !kept) {
      return domain::Fail(kept.error());
    }
    const auto now = context.services.clock.Now();
    user->locked = true;
    user->updated_at = now;
    if (auto updated = uow.Users().Update(*user); !updated) return domain::Fail(updated.error());
    const int revoked = uow.Sessions().RevokeAllForUser(user->id, now, "user_locked");
    context.Audit(domain::audit::kUserLocked, "user", user->id,
                  R"({"sessionsRevoked":)" + std::to_string(revoked) + "}");
  }
  user->password_hash.clear();
  return user;
}

domain::Result<domain::User> Handle(const UnlockUserCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  const bool was_locked = user->locked;
  const bool had_lockout = user->failed_logins != 0 || user->locked_until.has_value();
  if (was_locked || had_lockout) {
    user->locked = false;
    user->failed_logins = 0;
    user->last_failed_login_at.reset();
    user->locked_until.reset();
    user->updated_at = context.services.clock.Now();
    if (auto updated = uow.Users().Update(*user); !updated) return domain::Fail(updated.error());
    context.Audit(domain::audit::kUserUnlocked, "user", user->id,
                  std::string(R"({"wasLocked":)") + (was_locked ? "true" : "false") +
                      R"(,"hadLockout":)" + (had_lockout ? "true" : "false") + "}");
  }
  user->password_hash.clear();
  return user;
}

}  // namespace rampart::application
