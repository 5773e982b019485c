#pragma once
// Changes of the signed-in user's own second factor that need proof of it: turning two-factor
// sign-in off, and a new set of recovery codes. A wrong password or code counts toward the
// lockout like a failed login (and, like a wrong current password, the failure that locks the
// account ends every session: a stolen access token must not be a way to guess codes).
#include <optional>
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "application/mfa/enrol_totp.hpp"

namespace rampart::application {

// DisableTotpCommand: DELETE /api/v1/users/me/mfa/totp {password, code | recoveryCode} — turns
// two-factor sign-in off: the secret and the recovery codes are deleted. 422 for a wrong password
// or code, kConflict when it is off already, kLocked while locked out. Audited as
// `user.mfa.disabled` (refusals as `user.mfa.change_failed`).
struct DisableTotpCommand {
  using Response = void;
  static constexpr std::string_view kName = "mfa.totp.disable";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  // Verifies the password with Argon2 outside the write lock; records refusals although the
  // command fails.
  static constexpr Transaction kTransaction = Transaction::kOwn;

  std::string password;
  std::optional<std::string> code;           // a TOTP code...
  std::optional<std::string> recovery_code;  // ...or one of the recovery codes
};

// RegenerateRecoveryCodesCommand: POST /api/v1/users/me/mfa/recovery-codes {code} — ten new
// recovery codes in place of every earlier one (used or not), for a current TOTP code. Audited as
// `user.mfa.recovery_codes_regenerated`.
struct RegenerateRecoveryCodesCommand {
  using Response = RecoveryCodes;
  static constexpr std::string_view kName = "mfa.recovery_codes.regenerate";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // records refusals

  std::string code;
};

void Validate(const DisableTotpCommand& command, Validation& validation);
void Validate(const RegenerateRecoveryCodesCommand& command, Validation& validation);
domain::Result<void> Handle(const DisableTotpCommand& command, UseCaseContext& context);
domain::Result<RecoveryCodes> Handle(const RegenerateRecoveryCodesCommand& command,
                                     UseCaseContext& context);

}  // namespace rampart::application
