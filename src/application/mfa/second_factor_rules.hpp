#pragma once
// What the two-factor use cases share (domain/second_factor.hpp; docs/security.md, "Two-factor
// sign-in"): the ports, opening a sealed secret, checking a typed code, issuing recovery codes
// and the otpauth URI of an enrolment.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/ports/second_factor.hpp"
#include "domain/second_factor.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// SecondFactorPortsOf returns the ports, or kUnavailable (503) when two-factor sign-in has no key
// for its secrets.
domain::Result<SecondFactorPorts*> SecondFactorPortsOf(const Services& services);

// OpenSecret returns the enrolment's secret in clear. Throws std::runtime_error when the configured
// key does not open it (mfa.encryption_key changed): a configuration fault, answered 500 and
// logged.
std::string OpenSecret(const SecondFactorPorts& ports, const domain::TotpEnrolment& enrolment);

// TotpCheck is the outcome of a typed TOTP code.
struct TotpCheck {
  enum class Outcome { kAccepted, kWrong, kReused };
  Outcome outcome = Outcome::kWrong;
  std::int64_t step = 0;  // kAccepted: the step the code is for
  bool accepted() const { return outcome == Outcome::kAccepted; }
};

// CheckTotpCode checks `typed` against the steps acceptable at `now` (domain::AcceptableTotpSteps):
// kReused when it is the code of a step within the skew that was already used (a replay).
TotpCheck CheckTotpCode(const SecondFactorPorts& ports, std::string_view secret,
                        std::string_view typed, domain::TimePoint now,
                        std::optional<std::int64_t> last_used_step);

// IssueRecoveryCodes returns ten new recovery codes for the user, stored hashed in place of every
// earlier one (in the context's write unit of work). Returns them in clear: shown once, to the
// user.
std::vector<std::string> IssueRecoveryCodes(UseCaseContext& context, std::string_view user_id);

// OtpauthUri returns the `otpauth://totp/...` URI authenticator apps take (Google Authenticator's
// key URI format): the label "issuer:account" and every parameter percent-encoded.
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);

// WrongCode returns the field error of a wrong code, as 422.
domain::Error WrongCode(std::string_view field);

// SecondFactorChange is a signed-in change of one's second factor (turning it off, new recovery
// codes), opened by BeginSecondFactorChange: the write unit of work with the user's row locked, the
// user checked against the caller's token, and the lockout.
struct SecondFactorChange {
  domain::User user;
  domain::TotpEnrolment enrolment;  // active
};
// BeginSecondFactorChange: kUnauthorized when the token's user or security stamp is gone; kLocked
// (recorded) while locked out; kConflict when two-factor sign-in is off. `change` names the change
// in the audit details ("disable", "recovery_codes").
domain::Result<SecondFactorChange> BeginSecondFactorChange(UseCaseContext& context,
                                                           std::string_view change);
// RefuseSecondFactorChange refuses the change for a wrong password or code: records it
// (`user.mfa.change_failed` with `reason`), counts it toward the lockout
// (FailedPassword::kSecondFactorChange) and commits. Returns the 429 when this failure locked the
// account, else `refusal`.
domain::Error RefuseSecondFactorChange(UseCaseContext& context, const std::string& user_id,
                                       std::string_view change, std::string_view reason,
                                       domain::Error refusal);
// ConsumeSecondFactor verifies a TOTP code (marking its step used) or a recovery code (redeeming
// it) of the user in the context's write unit of work; the refusal reason ("wrong_code",
// "code_reused", "wrong_recovery_code") when it is not one.
std::optional<std::string_view> ConsumeSecondFactor(UseCaseContext& context,
                                                    const domain::TotpEnrolment& enrolment,
                                                    const std::optional<std::string>& code,
                                                    const std::optional<std::string>& recovery_code);

}  // namespace rampart::application
