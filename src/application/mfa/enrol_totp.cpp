#include "application/mfa/enrol_totp.hpp"

#include "application/mfa/second_factor_rules.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

namespace {

domain::Error Revoked() {
  return domain::Error::Unauthorized("The access token has been revoked.");
}

domain::Error AlreadyOn() {
  return domain::Error::Conflict(
      "Two-factor sign-in is already on: turn it off first (DELETE /api/v1/users/me/mfa/totp).");
}

}  // namespace

void Validate(const ConfirmTotpCommand& command, Validation& validation) {
  validation.Required(command.code, "code", "Code");
}

domain::Result<TotpEnrolmentStarted> Handle(const EnrolTotpCommand&, UseCaseContext& context) {
  auto& services = context.services;
  auto ports = SecondFactorPortsOf(services);
  if (!ports) return domain::Fail(ports.error());
  if (!services.settings.mfa.enrolment_open) {
    return domain::Fail(
        domain::Error::Conflict("Two-factor sign-in is turned off on this service (mfa.enabled)."));
  }
  auto& uow = context.Uow();
  // The user's row lock serialises every change of their second factor.
  const auto user = uow.Users().FindByIdForUpdate(context.Me().user_id);
  if (!user) return domain::Fail(Revoked());
  if (const auto existing = uow.SecondFactors().FindTotp(user->id); existing && existing->Active()) {
    return domain::Fail(AlreadyOn());
  }
  auto secret = (*ports)->codes.NewSecret();
  uow.SecondFactors().SaveTotp({.user_id = user->id,
                                .sealed_secret = (*ports)->cipher.Seal(secret, user->id),
                                .created_at = services.clock.Now()});
  context.Audit(domain::audit::kMfaEnrolmentStarted, "user", user->id, R"({"method":"totp"})");
  auto uri = OtpauthUri(services.settings.mfa.issuer, user->email.value(), secret);
  auto svg = (*ports)->qr.Svg(uri);
  return TotpEnrolmentStarted{
      .secret = std::move(secret), .otpauth_uri = std::move(uri), .qr_svg = std::move(svg)};
}

domain::Result<RecoveryCodes> Handle(const ConfirmTotpCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  auto ports = SecondFactorPortsOf(services);
  if (!ports) return domain::Fail(ports.error());
  auto& uow = context.Uow();
  const auto user = uow.Users().FindByIdForUpdate(context.Me().user_id);
  if (!user) return domain::Fail(Revoked());
  auto enrolment = uow.SecondFactors().FindTotp(user->id);
  if (enrolment && enrolment->Active()) return domain::Fail(AlreadyOn());
  if (!enrolment) {
    return domain::Fail(domain::Error::Conflict(
        "There is no enrolment to confirm: start one with POST /api/v1/users/me/mfa/totp."));
  }
  const auto now = services.clock.Now();
  const auto check = CheckTotpCode(**ports, OpenSecret(**ports, *enrolment), command.code, now,
                                   std::nullopt);
  if (!check.accepted()) return domain::Fail(WrongCode("code"));
  enrolment->confirmed_at = now;
  enrolment->last_used_step = check.step;
  uow.SecondFactors().SaveTotp(*enrolment);
  auto codes = IssueRecoveryCodes(context, user->id);
  context.Audit(domain::audit::kMfaEnabled, "user", user->id,
                R"({"method":"totp","recoveryCodes":)" + std::to_string(codes.size()) + "}");
  return RecoveryCodes{std::move(codes)};
}

}  // namespace rampart::application
