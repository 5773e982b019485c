#pragma once
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/role.hpp"

namespace rampart::application {

// CreateRoleCommand: POST /api/v1/roles — a custom role (never built in). 409 when the name is
// taken; 403 when it would carry a permission the caller does not hold
// (dispatch/no_escalation.hpp).
struct CreateRoleCommand {
  using Response = domain::Role;
  static constexpr std::string_view kName = "roles.create";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kRolesManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string name;
  std::string description;
  std::vector<std::string> permissions;
};

// Validate: fields `name`, `description`, `permissions[<index>]`.
void Validate(const CreateRoleCommand& command, Validation& validation);
domain::Result<domain::Role> Handle(const CreateRoleCommand& command, UseCaseContext& context);

}  // namespace rampart::application
