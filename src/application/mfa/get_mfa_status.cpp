#include "application/mfa/get_mfa_status.hpp"

namespace rampart::application {

domain::Result<MfaStatus> Handle(const GetMfaStatusQuery&, UseCaseContext& context) {
  auto& factors = context.Uow().SecondFactors();
  const auto& user_id = context.Me().user_id;
  MfaStatus status;
  if (const auto enrolment = factors.FindTotp(user_id)) {
    status.totp_enabled = enrolment->Active();
    status.totp_enabled_at = enrolment->confirmed_at;
    status.enrolment_pending = !enrolment->Active();
  }
  if (status.totp_enabled) status.recovery_codes_left = factors.CountUnusedRecoveryCodes(user_id);
  return status;
}

}  // namespace rampart::application
