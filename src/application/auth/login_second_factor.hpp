#pragma once
#include <optional>
#include <string>

#include "application/common/token_pair.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

// LoginSecondFactorCommand: POST /api/v1/auth/login/mfa {challenge, code | recoveryCode} — the
// second step of a login whose password step answered a challenge (LoginCommand): a current TOTP
// code (±1 step, each accepted once) or one of the recovery codes (each usable once) opens the
// session, whose access tokens carry `amr` ["pwd", "otp"]. The challenge is single use and expires
// (mfa.challenge_ttl); a password change, reset or logout-all since the password step voids it.
struct LoginSecondFactorCommand {
  using Response = TokenPair;
  static constexpr std::string_view kName = "auth.login.second_factor";
  static constexpr Requirement kRequires = Requirement::Public();
  // Records failures although the command fails.
  static constexpr Transaction kTransaction = Transaction::kOwn;

  std::string challenge;
  std::optional<std::string> code;
  std::optional<std::string> recovery_code;
};

void Validate(const LoginSecondFactorCommand& command, Validation& validation);
// Handle: kUnauthorized for an unknown, spent or expired challenge and for a wrong code; a wrong
// code counts toward the account's lockout like a wrong password (kLocked with Retry-After once
// locked out, also for the right code). A wrong code leaves the challenge usable (a typo is not a
// new login); success spends it. kUnavailable without two-factor sign-in configured.
domain::Result<TokenPair> Handle(const LoginSecondFactorCommand& command, UseCaseContext& context);

inline constexpr std::string_view kBadChallenge =
    "The sign-in challenge is invalid or has expired: log in again.";
inline constexpr std::string_view kBadSecondFactor = "Invalid code.";

}  // namespace rampart::application
