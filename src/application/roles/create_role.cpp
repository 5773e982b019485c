#include "application/roles/create_role.hpp"

#include "application/common/audit.hpp"
#include "application/dispatch/no_escalation.hpp"
#include "application/roles/role_rules.hpp"

namespace rampart::application {

void Validate(const CreateRoleCommand& command, Validation& validation) {
  ValidateRoleName(command.name, validation);
  ValidateRoleDescription(command.description, validation);
  ValidatePermissionNames(command.permissions, validation);
}

domain::Result<domain::Role> Handle(const CreateRoleCommand& command, UseCaseContext& context) {
  domain::Role role{.id = context.services.random.NewUuid(),
                    .name = command.name,
                    .description = command.description,
                    .permissions = domain::NormalizePermissionNames(command.permissions),
                    .built_in = false};
  if (auto allowed = RequireMayGrant(context, role.permissions); !allowed) {
    return domain::Fail(allowed.error());
  }
  if (auto added = context.Uow().Roles().Add(role); !added) return domain::Fail(added.error());
  context.Audit(domain::audit::kRoleCreated, "role", role.id,
                R"({"name":)" + JsonString(role.name) + R"(,"permissions":)" +
                    JsonStringArray(role.permissions) + "}");
  return role;
}

}  // namespace rampart::application
