#pragma once
#include <optional>
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// UpdateUserCommand: PATCH /api/v1/users/{id} — an administrator changes a user's profile. Absent
// fields stay as they are. A new e-mail address is unverified unless `emailVerified` says
// otherwise.
struct UpdateUserCommand {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.update";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kUsersWrite);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
  std::optional<std::string> display_name;
  std::optional<std::string> email;
  std::optional<bool> email_verified;
};

void Validate(const UpdateUserCommand& command, Validation& validation);
// Handle: kNotFound for an unknown user, kConflict when the new e-mail address is taken.
domain::Result<domain::User> Handle(const UpdateUserCommand& command, UseCaseContext& context);

}  // namespace rampart::application
