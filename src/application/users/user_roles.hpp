#pragma once
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/role.hpp"

namespace rampart::application {

// GetUserRolesQuery: GET /api/v1/users/{id}/roles — the user's roles as Role objects (with their
// permissions), sorted by name.
struct GetUserRolesQuery {
  using Response = std::vector<domain::Role>;
  static constexpr std::string_view kName = "users.roles.get";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kUsersRead);
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string user_id;
};

// SetUserRolesCommand: PUT /api/v1/users/{id}/roles — replaces the user's roles. Needs
// `roles.manage`, not `users.write`: granting a role grants its permissions. The no-escalation rule
// applies (dispatch/no_escalation.hpp): 403 when the user holds, or a role given carries, a
// permission the caller lacks. Takes effect on the user's next request (permissions are read per
// request, not from the token). Taking `admin` away from the last administrator who can sign in is
// refused (409).
struct SetUserRolesCommand {
  using Response = std::vector<domain::Role>;
  static constexpr std::string_view kName = "users.roles.set";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kRolesManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
  std::vector<std::string> roles;  // role names; may be empty
};

// Validate: field `roles`: each name non-empty, at most 100 characters, no control characters.
void Validate(const SetUserRolesCommand& command, Validation& validation);
domain::Result<std::vector<domain::Role>> Handle(const GetUserRolesQuery& query,
                                                 UseCaseContext& context);
// Handle: kNotFound for an unknown user; kValidation (field `roles`) naming an unknown role;
// kForbidden (no escalation); kConflict (the last administrator).
domain::Result<std::vector<domain::Role>> Handle(const SetUserRolesCommand& command,
                                                 UseCaseContext& context);

// NormalizeRoleNames: shared with CreateUserCommand.
std::vector<std::string> NormalizeRoleNames(std::vector<std::string> names);  // sorted, distinct
void ValidateRoleNames(const std::vector<std::string>& names, Validation& validation);
// LockRoles returns the roles named (`names` sorted and distinct), with their permissions, locked
// against deletion and renaming until the unit of work ends (Roles().LockExisting); kValidation
// (field `roles`) naming the first role that does not exist.
domain::Result<std::vector<domain::Role>> LockRoles(UnitOfWork& uow,
                                                    const std::vector<std::string>& names);

}  // namespace rampart::application
