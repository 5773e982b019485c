#include "application/users/user_roles.hpp"

#include <algorithm>

#include "application/common/audit.hpp"
#include "application/dispatch/no_escalation.hpp"
#include "application/users/get_user.hpp"
#include "application/users/user_rules.hpp"

namespace rampart::application {

namespace {

std::vector<domain::Role> RolesNamed(UnitOfWork& uow, const std::vector<std::string>& names) {
  std::vector<domain::Role> roles;
  for (const auto& name : names) {
    if (auto role = uow.Roles().FindByName(name)) roles.push_back(std::move(*role));
  }
  return roles;
}

}  // namespace

std::vector<std::string> NormalizeRoleNames(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void ValidateRoleNames(const std::vector<std::string>& names, Validation& validation) {
  for (const auto& name : names) {
    const bool control = std::any_of(name.begin(), name.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (name.empty() || name.size() > 100 || control) {
      validation.Add("roles", "Each role must be a role name.");
      return;
    }
  }
}

domain::Result<std::vector<domain::Role>> LockRoles(UnitOfWork& uow,
                                                    const std::vector<std::string>& names) {
  // Locked, not just read: a role deleted or renamed between this check and the assignment
  // would otherwise fail the insert (a foreign-key violation on PostgreSQL, an answer of 500).
  const auto existing = uow.Roles().LockExisting(names);
  for (const auto& name : names) {
    if (!std::binary_search(existing.begin(), existing.end(), name)) {
      return domain::Fail(domain::Error::Validation({{"roles", "Unknown role: " + name + "."}}));
    }
  }
  return RolesNamed(uow, names);
}

void Validate(const SetUserRolesCommand& command, Validation& validation) {
  ValidateRoleNames(command.roles, validation);
}

domain::Result<std::vector<domain::Role>> Handle(const GetUserRolesQuery& query,
                                                 UseCaseContext& context) {
  auto& uow = context.Uow();
  auto user = FindUserOrNotFound(uow, query.user_id);
  if (!user) return domain::Fail(user.error());
  return RolesNamed(uow, user->roles);
}

domain::Result<std::vector<domain::Role>> Handle(const SetUserRolesCommand& command,
                                                 UseCaseContext& context) {
  auto& uow = context.Uow();
  // The no-escalation rule twice: the user must hold nothing the caller lacks (else the caller
  // could demote a more privileged administrator), and the roles given must carry nothing the
  // caller lacks (else `roles.manage` could make anyone, themselves included, an administrator).
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  const auto roles = NormalizeRoleNames(command.roles);
  auto granted = LockRoles(uow, roles);
  if (!granted) return domain::Fail(granted.error());
  if (auto allowed = RequireMayGrantRoles(context, *granted); !allowed) {
    return domain::Fail(allowed.error());
  }
  const auto before = NormalizeRoleNames(user->roles);
  if (roles != before) {
    if (!HoldsAdminRole(roles)) {
      if (auto kept = KeepAnActiveAdministrator(uow.Users(), *user); !kept) {
        return domain::Fail(kept.error());
      }
    }
    uow.Users().SetRoles(user->id, roles);
    context.Audit(
        domain::audit::kUserRolesChanged, "user", user->id,
        R"({"from":)" + JsonStringArray(before) + R"(,"to":)" + JsonStringArray(roles) + "}");
  }
  return granted;
}

}  // namespace rampart::application
