#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

// VerifyEmailCommand: POST /api/v1/auth/verify-email {token} — the link of the verification mail.
// Marks the e-mail address verified; the token is spent. Public: the token is the credential.
struct VerifyEmailCommand {
  using Response = void;
  static constexpr std::string_view kName = "auth.verify_email";
  static constexpr Requirement kRequires = Requirement::Public();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string token;
};

void Validate(const VerifyEmailCommand& command, Validation& validation);
// Handle: kValidation (field `token`) for an unknown, used, superseded or expired token.
domain::Result<void> Handle(const VerifyEmailCommand& command, UseCaseContext& context);

}  // namespace rampart::application
