#pragma once
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/role.hpp"

namespace rampart::application {

// SetRolePermissionsCommand: PUT /api/v1/roles/{id}/permissions — replaces a role's permissions.
// `admin` holds every permission and cannot lose one (409). The caller must hold every permission
// the role carries now and every one it is given (403 otherwise: dispatch/no_escalation.hpp).
// Reaches every holder's next request: the permissions of every user are dropped from the cache (a
// prefix removal) in the same request path.
struct SetRolePermissionsCommand {
  using Response = domain::Role;
  static constexpr std::string_view kName = "roles.permissions.set";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kRolesManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string role_id;
  std::vector<std::string> permissions;
};

// Validate: fields `permissions[<index>]` naming each unknown permission.
void Validate(const SetRolePermissionsCommand& command, Validation& validation);
domain::Result<domain::Role> Handle(const SetRolePermissionsCommand& command,
                                    UseCaseContext& context);

}  // namespace rampart::application
