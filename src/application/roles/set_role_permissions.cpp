#include "application/roles/set_role_permissions.hpp"

#include <algorithm>
#include <iterator>

#include "application/common/audit.hpp"
#include "application/dispatch/no_escalation.hpp"
#include "application/roles/role_rules.hpp"

namespace rampart::application {

namespace {

std::vector<std::string> Minus(const std::vector<std::string>& from,
                               const std::vector<std::string>& remove) {
  std::vector<std::string> out;
  std::ranges::set_difference(from, remove, std::back_inserter(out));
  return out;
}

}  // namespace

void Validate(const SetRolePermissionsCommand& command, Validation& validation) {
  ValidatePermissionNames(command.permissions, validation);
}

domain::Result<domain::Role> Handle(const SetRolePermissionsCommand& command,
                                    UseCaseContext& context) {
  auto& uow = context.Uow();
  auto role = FindManageableRole(context, command.role_id);
  if (!role) return domain::Fail(role.error());
  const auto before = domain::NormalizePermissionNames(role->permissions);
  const auto after = domain::NormalizePermissionNames(command.permissions);
  if (auto allowed = RequireMayGrant(context, after); !allowed) {
    return domain::Fail(allowed.error());
  }
  if (after == before) return role;
  const auto removed = Minus(before, after);
  if (role->name == domain::kAdminRole && !removed.empty()) {
    return domain::Fail(
        domain::Error::Conflict("The admin role holds every permission; none can be removed."));
  }
  uow.Roles().SetPermissions(role->id, after);
  context.Audit(domain::audit::kRoleUpdated, "role", role->id,
                R"({"name":)" + JsonString(role->name) + R"(,"permissionsAdded":)" +
                    JsonStringArray(Minus(after, before)) + R"(,"permissionsRemoved":)" +
                    JsonStringArray(removed) + "}");
  role->permissions = after;
  return role;
}

}  // namespace rampart::application
