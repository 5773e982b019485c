#include "application/roles/update_role.hpp"

#include "application/common/audit.hpp"
#include "application/roles/role_rules.hpp"

namespace rampart::application {

void Validate(const UpdateRoleCommand& command, Validation& validation) {
  if (command.name) ValidateRoleName(*command.name, validation);
  if (command.description) ValidateRoleDescription(*command.description, validation);
}

domain::Result<domain::Role> Handle(const UpdateRoleCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  auto role = FindManageableRole(context, command.role_id);
  if (!role) return domain::Fail(role.error());
  const auto before = *role;
  if (command.name && *command.name != role->name) {
    if (IsProtected(*role)) {
      return domain::Fail(domain::Error::Conflict("A built-in role cannot be renamed."));
    }
    role->name = *command.name;
  }
  if (command.description) role->description = *command.description;
  if (role->name == before.name && role->description == before.description) return role;

  if (auto updated = uow.Roles().Update(*role); !updated) return domain::Fail(updated.error());
  std::string details = R"({"name":)" + JsonString(role->name);
  if (role->name != before.name) details += R"(,"renamedFrom":)" + JsonString(before.name);
  if (role->description != before.description) details += R"(,"descriptionChanged":true)";
  context.Audit(domain::audit::kRoleUpdated, "role", role->id, details + "}");
  return role;
}

}  // namespace rampart::application
