#include "application/roles/delete_role.hpp"

#include "application/common/audit.hpp"
#include "application/roles/role_rules.hpp"

namespace rampart::application {

domain::Result<void> Handle(const DeleteRoleCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  auto role = FindManageableRole(context, command.role_id);
  if (!role) return domain::Fail(role.error());
  if (IsProtected(*role)) {
    return domain::Fail(domain::Error::Conflict("A built-in role cannot be deleted."));
  }
  const long long holders = uow.Users().CountWithRole(role->name);
  if (!uow.Roles().Remove(role->id)) {
    return domain::Fail(domain::Error::NotFound("No role with this id."));
  }
  context.Audit(domain::audit::kRoleDeleted, "role", role->id,
                R"({"name":)" + JsonString(role->name) + R"(,"permissions":)" +
                    JsonStringArray(role->permissions) + R"(,"holders":)" +
                    std::to_string(holders) + "}");
  return {};
}

}  // namespace rampart::application
