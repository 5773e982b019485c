#include "application/auth/verify_email.hpp"

#include "application/auth/mail_tokens.hpp"

namespace rampart::application {

void Validate(const VerifyEmailCommand& command, Validation& validation) {
  validation.Required(command.token, "token", "Token");
}

domain::Result<void> Handle(const VerifyEmailCommand& command, UseCaseContext& context) {
  auto token = FindUsableToken(context, command.token, kVerifyEmailPurpose);
  if (!token) return domain::Fail(token.error());
  auto& uow = context.Uow();
  const auto now = context.services.clock.Now();
  auto user = uow.Users().FindByIdForUpdate(token->user_id);
  // Consume first: of two concurrent uses of one token exactly one gets here with `true`.
  if (!user || !StillAddressedTo(*token, *user) ||
      !uow.OneTimeTokens().Consume(token->token_hash, now)) {
    return domain::Fail(BadTokenError());
  }
  if (!user->email_verified) {
    user->email_verified = true;
    user->updated_at = now;
    if (auto updated = uow.Users().Update(*user); !updated) return domain::Fail(updated.error());
  }
  context.AuditAs(user->id, domain::audit::kEmailVerified, "user", user->id);
  return {};
}

}  // namespace rampart::application
