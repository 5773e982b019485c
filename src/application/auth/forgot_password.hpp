#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/feature.hpp"

namespace rampart::application {

// ForgotPasswordCommand: POST /api/v1/auth/forgot-password {email} — mails a password-reset link
// when a live account has the address. The answer is the same 202 either way, and both paths do the
// same work (a read, then one write transaction with an audit event), so neither the body nor the
// timing tells whether the account exists.
struct ForgotPasswordCommand {
  using Response = void;
  static constexpr std::string_view kName = "auth.forgot_password";
  static constexpr Requirement kRequires = Requirement::Public();
  static constexpr Transaction kTransaction = Transaction::kWrite;
  // Off: 403 before anything else runs (application/dispatch/feature_gate.hpp).
  static constexpr domain::Feature kFeature = domain::Feature::kPasswordReset;

  std::string email;
};

void Validate(const ForgotPasswordCommand& command, Validation& validation);
domain::Result<void> Handle(const ForgotPasswordCommand& command, UseCaseContext& context);

}  // namespace rampart::application
