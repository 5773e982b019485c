#pragma once
#include <string>

#include "application/common/token_pair.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

// POST /api/v1/auth/login — password login opening a new session.
struct LoginCommand {
  using Response = TokenPair;
  static constexpr std::string_view kName = "auth.login";
  static constexpr Requirement kRequires = Requirement::Public();
  // Verifies (and may rehash) with Argon2 outside the write lock; records failures although
  // the command fails.
  static constexpr Transaction kTransaction = Transaction::kOwn;

  std::string email;
  std::string password;
};

void Validate(const LoginCommand& command, Validation& validation);
// Any bad credential is the same kUnauthorized, after the same amount of hashing work whether
// or not the user exists. kLocked (with Retry-After) once the account is locked out by repeated
// failures (AuthSettings::lockout); the failure that locks it already answers kLocked. An address
// without an account is counted and locked out the same way (application/auth/failed_logins).
domain::Result<TokenPair> Handle(const LoginCommand& command, UseCaseContext& context);

inline constexpr std::string_view kBadCredentials = "Invalid email or password.";

}  // namespace rampart::application
