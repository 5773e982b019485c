#include "application/auth/reset_password.hpp"

#include "application/auth/mail_tokens.hpp"
#include "application/common/password_rules.hpp"

namespace rampart::application {

void Validate(const ResetPasswordCommand& command, Validation& validation) {
  validation.Required(command.token, "token", "Token");
  validation.Required(command.new_password, "newPassword", "New password");
}

domain::Result<void> Handle(const ResetPasswordCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  context.Begin(TransactionMode::kRead);
  auto token = FindUsableToken(context, command.token, kResetPasswordPurpose);
  if (!token) return domain::Fail(token.error());
  const auto user = context.Uow().Users().FindById(token->user_id);
  if (!user || !StillAddressedTo(*token, *user)) return domain::Fail(BadTokenError());
  if (auto errors =
          CheckNewPassword(services, command.new_password, "newPassword",
                           {.email = &user->email, .display_name = user->display_name});
      !errors.empty()) {
    return domain::Fail(domain::Error::Validation(std::move(errors)));
  }
  // Hash before taking the write lock: Argon2 takes tens of milliseconds.
  const auto new_hash = services.hasher.Hash(command.new_password);

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  const auto now = services.clock.Now();
  auto fresh = uow.Users().FindByIdForUpdate(token->user_id);
  // Spent by a concurrent reset meanwhile: exactly one of them wins.
  if (!fresh || !StillAddressedTo(*token, *fresh) ||
      !uow.OneTimeTokens().Consume(token->token_hash, now)) {
    return domain::Fail(BadTokenError());
  }
  fresh->password_hash = new_hash;
  fresh->token_version += 1;
  fresh->failed_logins = 0;
  fresh->last_failed_login_at.reset();
  fresh->locked_until.reset();
  // The mailed link proves the address works.
  fresh->email_verified = true;
  fresh->updated_at = now;
  if (auto updated = uow.Users().Update(*fresh); !updated) return domain::Fail(updated.error());
  const int revoked = uow.Sessions().RevokeAllForUser(fresh->id, now, "password_reset");
  context.AuditAs(fresh->id, domain::audit::kPasswordReset, "user", fresh->id,
                  R"({"via":"token","sessionsRevoked":)" + std::to_string(revoked) + "}");
  context.Commit();
  return {};
}

}  // namespace rampart::application
