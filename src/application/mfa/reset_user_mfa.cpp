#include "application/mfa/reset_user_mfa.hpp"

#include "application/users/get_user.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

domain::Result<int> Handle(const ResetUserMfaCommand& command, UseCaseContext& context) {
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  auto& uow = context.Uow();
  const auto enrolment = uow.SecondFactors().FindTotp(user->id);
  if (!enrolment) {
    return domain::Fail(domain::Error::NotFound("This user has no second factor to reset."));
  }
  uow.SecondFactors().DeleteTotp(user->id);
  uow.SecondFactors().DeleteRecoveryCodes(user->id);
  const int ended =
      uow.Sessions().RevokeAllForUser(user->id, context.services.clock.Now(), "mfa_reset");
  context.Audit(domain::audit::kMfaReset, "user", user->id,
                std::string(R"({"method":"totp","wasActive":)") +
                    (enrolment->Active() ? "true" : "false") +
                    R"(,"sessionsRevoked":)" + std::to_string(ended) + "}");
  return ended;
}

}  // namespace rampart::application
