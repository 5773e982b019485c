#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

// LogoutCommand: POST /api/v1/auth/logout — ends the session that owns the refresh token.
// Idempotent: an unknown or already revoked token succeeds too, so the answer reveals nothing.
struct LogoutCommand {
  using Response = void;
  static constexpr std::string_view kName = "auth.logout";
  static constexpr Requirement kRequires = Requirement::Public();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string refresh_token;
};

void Validate(const LogoutCommand& command, Validation& validation);
domain::Result<void> Handle(const LogoutCommand& command, UseCaseContext& context);

}  // namespace rampart::application
