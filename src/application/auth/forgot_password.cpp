#include "application/auth/forgot_password.hpp"

#include "application/auth/mail_tokens.hpp"
#include "application/common/email_input.hpp"

namespace rampart::application {

void Validate(const ForgotPasswordCommand& command, Validation& validation) {
  validation.Required(command.email, "email", "Email");
}

domain::Result<void> Handle(const ForgotPasswordCommand& command, UseCaseContext& context) {
  const auto user = FindUserByTypedEmail(context.Uow().Users(), context.services, command.email);
  if (!user) {
    // Recorded without the address (no target): the same write as for a known account.
    context.Audit(domain::audit::kPasswordResetRequested, "user", "", R"({"known":false})");
    return {};
  }
  const auto token = IssueOneTimeToken(context, *user, kResetPasswordPurpose,
                                       context.services.settings.mail.reset_password_ttl);
  EnqueueResetMail(context, *user, token);
  context.Audit(domain::audit::kPasswordResetRequested, "user", user->id, R"({"known":true})");
  return {};
}

}  // namespace rampart::application
