#pragma once
// Enrolment of a TOTP authenticator, in two steps: a new secret (shown once, with its otpauth
// URI and QR code), then its confirmation by a code from the authenticator, which turns two-
// factor sign-in on and answers the recovery codes (shown once).
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

struct TotpEnrolmentStarted {
  std::string secret;        // base32, 160 bits
  std::string otpauth_uri;   // otpauth://totp/<issuer>:<e-mail>?secret=...
  std::string qr_svg;        // the URI as a QR code (SVG)
};

// EnrolTotpCommand: POST /api/v1/users/me/mfa/totp — a new secret for the signed-in user, stored
// sealed and unconfirmed (replacing an unconfirmed one): logins are unchanged until it is
// confirmed. kConflict when two-factor sign-in is already on (disable it first) or enrolment is
// turned off (mfa.enabled); kUnavailable when no key is configured. Audited as
// `user.mfa.enrolment_started`.
struct EnrolTotpCommand {
  using Response = TotpEnrolmentStarted;
  static constexpr std::string_view kName = "mfa.totp.enrol";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kWrite;
};

struct RecoveryCodes {
  std::vector<std::string> codes;  // domain::kRecoveryCodeCount, each usable once
};

// ConfirmTotpCommand: POST /api/v1/users/me/mfa/totp/confirm {code} — turns two-factor sign-in on
// when `code` is a current code of the unconfirmed secret (its step counts as used), and issues the
// recovery codes. 422 for a wrong code; kConflict without an unconfirmed enrolment. Audited as
// `user.mfa.enabled`.
struct ConfirmTotpCommand {
  using Response = RecoveryCodes;
  static constexpr std::string_view kName = "mfa.totp.confirm";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string code;
};

void Validate(const ConfirmTotpCommand& command, Validation& validation);
domain::Result<TotpEnrolmentStarted> Handle(const EnrolTotpCommand& command,
                                            UseCaseContext& context);
domain::Result<RecoveryCodes> Handle(const ConfirmTotpCommand& command, UseCaseContext& context);

}  // namespace rampart::application
