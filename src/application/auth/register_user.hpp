#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/feature.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// RegisterUserCommand: POST /api/v1/auth/register — self-service sign-up. New users get the
// built-in `user` role.
struct RegisterUserCommand {
  using Response = domain::User;
  static constexpr std::string_view kName = "auth.register";
  static constexpr Requirement kRequires = Requirement::Public();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // hashes before the write lock
  // Off: 403 before anything else runs (application/dispatch/feature_gate.hpp).
  static constexpr domain::Feature kFeature = domain::Feature::kRegistrationOpen;

  std::string email;
  std::string password;
  std::string display_name;
};

// Validate: every failing field at once: email, password (policy), displayName.
void Validate(const RegisterUserCommand& command, Validation& validation);
// Handle: kConflict when the email is taken.
domain::Result<domain::User> Handle(const RegisterUserCommand& command, UseCaseContext& context);

}  // namespace rampart::application
