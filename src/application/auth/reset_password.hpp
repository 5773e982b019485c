#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/feature.hpp"

namespace rampart::application {

// ResetPasswordCommand: POST /api/v1/auth/reset-password {token, newPassword} — the link of the
// reset mail. Sets the password (policy applies), spends the token, bumps the token version
// (earlier access tokens stop working at once), revokes every session and clears the brute-force
// lockout.
struct ResetPasswordCommand {
  using Response = void;
  static constexpr std::string_view kName = "auth.reset_password";
  static constexpr Requirement kRequires = Requirement::Public();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // hashes before the write lock
  // Off: 403 before anything else runs (application/dispatch/feature_gate.hpp).
  static constexpr domain::Feature kFeature = domain::Feature::kPasswordReset;

  std::string token;
  std::string new_password;
};

void Validate(const ResetPasswordCommand& command, Validation& validation);
// Handle: kValidation: `token` (unknown, used, superseded, expired) and/or `newPassword` (policy).
domain::Result<void> Handle(const ResetPasswordCommand& command, UseCaseContext& context);

}  // namespace rampart::application
