#pragma once
#include <optional>
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// UpdateMeCommand: PATCH /api/v1/users/me — the profile fields a user may change about themselves.
// Absent fields stay as they are. (Changing the email needs re-verification: a later use case.)
struct UpdateMeCommand {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.me.update";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::optional<std::string> display_name;
};

void Validate(const UpdateMeCommand& command, Validation& validation);
domain::Result<domain::User> Handle(const UpdateMeCommand& command, UseCaseContext& context);

}  // namespace rampart::application
