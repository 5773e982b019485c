#include "application/setup/operator_reset_password.hpp"

#include "application/common/email_input.hpp"
#include "application/common/password_rules.hpp"

namespace rampart::application {

domain::Result<OperatorResetPasswordCommand::Response> Handle(
    const OperatorResetPasswordCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  const auto user = [&]() -> std::optional<domain::User> {
    auto snapshot = services.database.Begin(TransactionMode::kRead);
    return FindUserByTypedEmail(snapshot->Users(), services, command.email);
  }();
  if (!user) return domain::Fail(domain::Error::NotFound("No user has this e-mail address."));
  if (auto errors = CheckNewPassword(services, command.new_password, "password",
                                     {.email = &user->email, .display_name = user->display_name});
      !errors.empty()) {
    return domain::Fail(domain::Error::Validation(std::move(errors)));
  }
  // Hash before taking the write lock: Argon2 takes tens of milliseconds.
  const auto new_hash = services.hasher.Hash(command.new_password);

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  auto fresh = uow.Users().FindByIdForUpdate(user->id);
  if (!fresh) return domain::Fail(domain::Error::NotFound("No user has this e-mail address."));
  const auto now = services.clock.Now();
  fresh->password_hash = new_hash;
  fresh->token_version += 1;
  fresh->failed_logins = 0;
  fresh->last_failed_login_at.reset();
  fresh->locked_until.reset();
  fresh->updated_at = now;
  if (auto updated = uow.Users().Update(*fresh); !updated) return domain::Fail(updated.error());
  const int revoked = uow.Sessions().RevokeAllForUser(fresh->id, now, "password_reset");
  context.Audit(domain::audit::kPasswordReset, "user", fresh->id,
                R"({"via":"cli","sessionsRevoked":)" + std::to_string(revoked) + "}");
  context.Commit();
  return OperatorResetPasswordCommand::Response{.user_id = fresh->id, .sessions_revoked = revoked};
}

}  // namespace rampart::application
