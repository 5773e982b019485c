#include "application/auth/resend_verification.hpp"

#include "application/auth/mail_tokens.hpp"

namespace rampart::application {

domain::Result<void> Handle(const ResendVerificationCommand&, UseCaseContext& context) {
  const auto user = context.Uow().Users().FindById(context.Me().user_id);
  if (!user) return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  if (user->email_verified) return {};
  const auto token = IssueOneTimeToken(context, *user, kVerifyEmailPurpose,
                                       context.services.settings.mail.verify_email_ttl);
  EnqueueVerificationMail(context, *user, token);
  context.Audit(domain::audit::kEmailVerificationRequested, "user", user->id);
  return {};
}

}  // namespace rampart::application
