#include "application/mfa/second_factor_rules.hpp"

#include <stdexcept>

#include "application/auth/failed_logins.hpp"
#include "domain/audit_event.hpp"
#include "domain/lockout_policy.hpp"

namespace rampart::application {

domain::Result<SecondFactorPorts*> SecondFactorPortsOf(const Services& services) {
  if (services.second_factor == nullptr) {
    return domain::Fail(domain::Error::Unavailable(
        "Two-factor sign-in is not configured on this service (mfa.encryption_key)."));
  }
  return services.second_factor;
}

std::string OpenSecret(const SecondFactorPorts& ports, const domain::TotpEnrolment& enrolment) {
  auto secret = ports.cipher.Open(enrolment.sealed_secret, enrolment.user_id);
  if (!secret) {
    throw std::runtime_error(
        "a stored TOTP secret does not open with mfa.encryption_key: the key differs from the "
        "one that sealed it");
  }
  return std::move(*secret);
}

TotpCheck CheckTotpCode(const SecondFactorPorts& ports, std::string_view secret,
                        std::string_view typed, domain::TimePoint now,
                        std::optional<std::int64_t> last_used_step) {
  const auto code = domain::NormaliseTotpCode(typed);
  if (!code) return {};
  const auto steps = domain::AcceptableTotpSteps(now, last_used_step);
  if (const auto step = ports.codes.Match(secret, *code, steps)) {
    return {.outcome = TotpCheck::Outcome::kAccepted, .step = *step};
  }
  // Not acceptable: a replay when it is the code of a used step within the skew.
  if (last_used_step) {
    std::vector<std::int64_t> used;
    for (const auto step : domain::AcceptableTotpSteps(now, std::nullopt)) {
      if (step <= *last_used_step) used.push_back(step);
    }
    if (ports.codes.Match(secret, *code, used)) return {.outcome = TotpCheck::Outcome::kReused};
  }
  return {};
}

std::vector<std::string> IssueRecoveryCodes(UseCaseContext& context, std::string_view user_id) {
  auto& services = context.services;
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
  for (int i = 0; i < domain::kRecoveryCodeCount; ++i) {
    codes.push_back(services.second_factor->codes.NewRecoveryCode());
    hashes.push_back(services.random.HashToken(codes.back()));
  }
  context.Uow().SecondFactors().ReplaceRecoveryCodes(user_id, hashes, services.clock.Now());
  return codes;
}

namespace {

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

}  // namespace

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret) {
  return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(account) +
         "?secret=" + std::string(secret) + "&issuer=" + PercentEncode(issuer) +
         "&algorithm=SHA1&digits=" + std::to_string(domain::kTotpDigits) +
         "&period=" + std::to_string(domain::kTotpPeriodSeconds);
}

domain::Error WrongCode(std::string_view field) {
  return domain::Error::Validation(
      {{std::string(field),
        "The code is not valid. Codes change every 30 seconds and each works once; check the "
        "authenticator's clock."}});
}

namespace {

std::string ChangeDetails(std::string_view change, std::string_view reason) {
  return R"({"change":")" + std::string(change) + R"(","reason":")" + std::string(reason) + "\"}";
}

}  // namespace

domain::Result<SecondFactorChange> BeginSecondFactorChange(UseCaseContext& context,
                                                           std::string_view change) {
  auto& services = context.services;
  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  auto user = uow.Users().FindByIdForUpdate(context.Me().user_id);
  if (!user || user->locked || user->token_version != context.Me().token_version) {
    return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  }
  // Locked out (wrong passwords or codes anywhere count alike): refused before any code is
  // looked at, so a token holder cannot guess on.
  if (auto remaining = domain::LockoutPolicy::RemainingLock(*user, services.clock.Now())) {
    context.Audit(domain::audit::kMfaChangeFailed, "user", user->id,
                  ChangeDetails(change, "locked_out"));
    context.Commit();
    return domain::Fail(LockedOut(*remaining));
  }
  auto enrolment = uow.SecondFactors().FindTotp(user->id);
  if (!enrolment || !enrolment->Active()) {
    return domain::Fail(domain::Error::Conflict("Two-factor sign-in is off for this account."));
  }
  return SecondFactorChange{.user = std::move(*user), .enrolment = std::move(*enrolment)};
}

domain::Error RefuseSecondFactorChange(UseCaseContext& context, const std::string& user_id,
                                       std::string_view change, std::string_view reason,
                                       domain::Error refusal) {
  const auto now = context.services.clock.Now();
  context.Audit(domain::audit::kMfaChangeFailed, "user", user_id, ChangeDetails(change, reason));
  const auto locked_until =
      CountAccountFailure(context, user_id, FailedPassword::kSecondFactorChange);
  context.Commit();
  if (locked_until) return LockedOut(*locked_until - now);
  return refusal;
}

std::optional<std::string_view> ConsumeSecondFactor(
    UseCaseContext& context, const domain::TotpEnrolment& enrolment,
    const std::optional<std::string>& code, const std::optional<std::string>& recovery_code) {
  auto& services = context.services;
  auto& factors = context.Uow().SecondFactors();
  const auto now = services.clock.Now();
  if (code) {
    const auto& ports = *services.second_factor;
    const auto check = CheckTotpCode(ports, OpenSecret(ports, enrolment), *code, now,
                                     enrolment.last_used_step);
    if (check.outcome == TotpCheck::Outcome::kReused) return "code_reused";
    if (!check.accepted()) return "wrong_code";
    // One statement: of two concurrent uses of this code exactly one gets here.
    if (!factors.UseTotpStep(enrolment.user_id, check.step)) return "code_reused";
    return std::nullopt;
  }
  const auto normalised = recovery_code ? domain::NormaliseRecoveryCode(*recovery_code)
                                        : std::nullopt;
  if (!normalised ||
      !factors.RedeemRecoveryCode(enrolment.user_id, services.random.HashToken(*normalised), now)) {
    return "wrong_recovery_code";
  }
  return std::nullopt;
}

}  // namespace rampart::application
