#pragma once
#include <optional>
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/role.hpp"

namespace rampart::application {

// UpdateRoleCommand: PATCH /api/v1/roles/{id} — rename a role or change its description (only the
// fields given). A built-in role cannot be renamed (409); a taken name is 409; a role carrying a
// permission the caller lacks is 403 (dispatch/no_escalation.hpp). A rename reaches every holder's
// next request (their cached user entries are dropped).
struct UpdateRoleCommand {
  using Response = domain::Role;
  static constexpr std::string_view kName = "roles.update";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kRolesManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string role_id;
  std::optional<std::string> name;
  std::optional<std::string> description;
};

// Validate: fields `name`, `description`.
void Validate(const UpdateRoleCommand& command, Validation& validation);
domain::Result<domain::Role> Handle(const UpdateRoleCommand& command, UseCaseContext& context);

}  // namespace rampart::application
