#pragma once
#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "application/common/token_pair.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "application/auth/login_refusals.hpp"

namespace rampart::application {

// Second-step methods of a challenge (POST /api/v1/auth/login/mfa).
inline constexpr std::string_view kMethodTotp = "totp";
inline constexpr std::string_view kMethodRecoveryCode = "recovery_code";

// SecondFactorChallenge: what a login answers instead of tokens when the account has an active
// second factor.
struct SecondFactorChallenge {
  std::string challenge;  // opaque, single use; only its SHA-256 is stored
  std::vector<std::string> methods;
  std::chrono::seconds expires_in{};  // mfa.challenge_ttl
};

// The token pair of a new session, or the challenge of the second step.
using LoginResult = std::variant<TokenPair, SecondFactorChallenge>;

// LoginCommand: POST /api/v1/auth/login — password login opening a new session (`amr` ["pwd"]), or,
// for an account with an active second factor, the first step of a login that
// LoginSecondFactorCommand completes (application/auth/login_second_factor.hpp).
struct LoginCommand {
  using Response = LoginResult;
  static constexpr std::string_view kName = "auth.login";
  static constexpr Requirement kRequires = Requirement::Public();
  // Verifies (and may rehash) with Argon2 outside the write lock; records failures although
  // the command fails.
  static constexpr Transaction kTransaction = Transaction::kOwn;

  std::string email;
  std::string password;
};

void Validate(const LoginCommand& command, Validation& validation);
// Handle: any bad credential is the same kUnauthorized, after the same amount of hashing
// work whether or not the user exists. kLocked (with Retry-After) once the account is locked out by
// repeated failures (AuthSettings::lockout); the failure that locks it already answers kLocked. An
// address without an account is counted and locked out the same way
// (application/auth/failed_logins). A right password of an account with a second factor answers its
// challenge (audited as `auth.login.second_factor_required`) and leaves the failure counter as it
// is: only the second step's success clears it.
domain::Result<LoginResult> Handle(const LoginCommand& command, UseCaseContext& context);

}  // namespace rampart::application
