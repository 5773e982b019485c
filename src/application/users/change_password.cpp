#include "application/users/change_password.hpp"

namespace rampart::application {

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
  if (!me) return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  auto errors =
      services.settings.password_policy.Check(command.new_password, "newPassword", &me->email);
  if (!services.hasher.Verify(me->password_hash, command.current_password)) {
    errors.insert(errors.begin(), {"currentPassword", "Current password is incorrect."});
    // Someone holding the user's access token is guessing the password: recorded although the
    // command fails (kOwn, so nothing else rolls it back).
    context.Begin(TransactionMode::kWrite);
    context.Audit(domain::audit::kPasswordChangeFailed, "user", me->id,
                  R"({"reason":"wrong_current_password"})");
    context.Commit();
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
    return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
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
