#include "application/users/change_password.hpp"

#include "application/auth/failed_logins.hpp"
#include "application/common/password_rules.hpp"

namespace rampart::application {

namespace {

domain::Error Revoked() {
  return domain::Error::Unauthorized("The access token has been revoked.");
}

// Records the refused attempt although the command fails (kOwn, so nothing else rolls it back).
void RecordRefusal(UseCaseContext& context, const std::string& user_id, std::string_view reason) {
  context.Audit(domain::audit::kPasswordChangeFailed, "user", user_id,
                std::string(R"({"reason":")") + std::string(reason) + "\"}");
}

}  // namespace

void Validate(const ChangePasswordCommand& command, Validation& validation) {
  validation.Required(command.current_password, "currentPassword", "Current password");
  validation.Required(command.new_password, "newPassword", "New password");
}

domain::Result<void> Handle(const ChangePasswordCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  const auto me = [&]() -> std::optional<domain::User> {
    auto snapshot = services.database.Begin(TransactionMode::kRead);
    return snapshot->Users().FindById(context.Me().user_id);
  }();
  if (!me) return domain::Fail(Revoked());
  // Locked out (wrong passwords here or at login count alike): refused before the password is
  // looked at, as a login is, so a token holder cannot guess on.
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*me, services.clock.Now())) {
    context.Begin(TransactionMode::kWrite);
    RecordRefusal(context, me->id, "locked_out");
    context.Commit();
    return domain::Fail(LockedOut(*remaining));
  }
  auto errors = CheckNewPassword(services, command.new_password, "newPassword",
                                 {.email = &me->email, .display_name = me->display_name});
  if (!services.hasher.Verify(me->password_hash, command.current_password)) {
    // Someone holding the user's access token may be guessing the password: counted like a
    // failed login, and the failure that locks the account ends its sessions.
    const auto now = services.clock.Now();
    context.Begin(TransactionMode::kWrite);
    RecordRefusal(context, me->id, "wrong_current_password");
    const auto locked_until = CountAccountFailure(context, me->id, FailedPassword::kPasswordChange);
    context.Commit();
    if (locked_until) return domain::Fail(LockedOut(*locked_until - now));
    errors.insert(errors.begin(), {"currentPassword", "Current password is incorrect."});
  }
  if (!errors.empty()) return domain::Fail(domain::Error::Validation(std::move(errors)));
  const auto new_hash = services.hasher.Hash(command.new_password);

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  const auto now = services.clock.Now();
  // Still the same account and security stamp after hashing? Read with the row lock: the whole
  // row is written back and must not undo a concurrent change (a lock, a failed login).
  auto fresh = uow.Users().FindByIdForUpdate(me->id);
  if (!fresh || fresh->locked || fresh->token_version != context.Me().token_version) {
    return domain::Fail(Revoked());
  }
  fresh->password_hash = new_hash;
  fresh->token_version += 1;
  fresh->updated_at = now;
  if (auto updated = uow.Users().Update(*fresh); !updated) return domain::Fail(updated.error());
  uow.Sessions().RevokeAllForUser(fresh->id, now, "password_changed");
  context.Audit(domain::audit::kPasswordChanged, "user", fresh->id);
  context.Commit();
  return {};
}

}  // namespace rampart::application
