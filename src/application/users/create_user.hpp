#pragma once
#include <optional>
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// CreateUserCommand: POST /api/v1/users — an administrator creates an account (password policy
// applies). Without `roles` the user gets the built-in `user` role; naming any other roles also
// needs `roles.manage` (granting roles is what that permission guards), else 403; so does a role
// carrying a permission the caller lacks (the no-escalation rule, dispatch/no_escalation.hpp).
struct CreateUserCommand {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.create";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kUsersWrite);
  static constexpr Transaction kTransaction = Transaction::kOwn;  // hashes before the write lock

  std::string email;
  std::string password;
  std::string display_name;
  std::optional<std::vector<std::string>> roles;
  bool email_verified = false;
};

// Validate: every failing field at once: email, password (policy), displayName, roles.
void Validate(const CreateUserCommand& command, Validation& validation);
// Handle: kConflict when the email is taken; kValidation (field `roles`) for an unknown role;
// kForbidden as above.
domain::Result<domain::User> Handle(const CreateUserCommand& command, UseCaseContext& context);

}  // namespace rampart::application
