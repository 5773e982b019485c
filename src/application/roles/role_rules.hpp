#pragma once
// Rules shared by the role use cases: role names, descriptions, permission lists, and the
// protection of the built-in roles (docs/roles.md).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "application/ports/unit_of_work.hpp"
#include "domain/errors.hpp"
#include "domain/role.hpp"

namespace rampart::application {

inline constexpr std::size_t kMaxRoleNameLength = 64;
inline constexpr std::size_t kMaxRoleDescriptionLength = 500;  // characters

// IsValidRoleName returns true for a lowercase slug: 1..64 of a-z, 0-9, '-', '_' and '.', starting
// with a letter.
bool IsValidRoleName(std::string_view name);
// ValidateRoleName: field `name`.
void ValidateRoleName(std::string_view name, Validation& validation);
// RoleDescriptionError returns what is wrong with a role description, nullopt when nothing: it may
// be empty; at most 500 characters of text a reader can trust (domain/plain_text.hpp: no controls,
// bidirectional controls or BOM, not only invisible characters).
std::optional<std::string> RoleDescriptionError(std::string_view description);
// ValidateRoleDescription: field `description` (RoleDescriptionError).
void ValidateRoleDescription(std::string_view description, Validation& validation);
// ValidatePermissionNames: one error per unknown name, on field `permissions[<index>]`.
void ValidatePermissionNames(const std::vector<std::string>& names, Validation& validation);

// FindRoleOrNotFound returns the role with this id, or kNotFound.
domain::Result<domain::Role> FindRoleOrNotFound(UnitOfWork& uow, std::string_view role_id);
// FindManageableRole returns the role with this id read with its row lock (FindByIdForUpdate;
// kNotFound), then the no-escalation rule (dispatch/no_escalation.hpp: kForbidden when it carries a
// permission the caller lacks; system callers pass). For the use cases that change a role; answered
// before the protection of the built-in roles (409).
domain::Result<domain::Role> FindManageableRole(UseCaseContext& context, std::string_view role_id);

// IsProtected returns true for `admin` and `user` (and any role the seed marks built in).
inline bool IsProtected(const domain::Role& role) { return role.built_in; }

}  // namespace rampart::application
