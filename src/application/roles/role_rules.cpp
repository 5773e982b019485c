#include "application/roles/role_rules.hpp"

#include <algorithm>

#include "application/dispatch/no_escalation.hpp"
#include "domain/permission.hpp"
#include "domain/plain_text.hpp"
#include "domain/utf8.hpp"

namespace rampart::application {

bool IsValidRoleName(std::string_view name) {
  if (name.empty() || name.size() > kMaxRoleNameLength) return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

void ValidateRoleName(std::string_view name, Validation& validation) {
  if (name.empty()) {
    validation.Add("name", "Name is required.");
  } else if (!IsValidRoleName(name)) {
    validation.Add("name",
                   "Must be 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a "
                   "letter.");
  }
}

std::optional<std::string> RoleDescriptionError(std::string_view description) {
  if (const auto fault = domain::CheckPlainText(description); fault != domain::TextFault::kNone) {
    return "Description " + std::string(domain::Describe(fault)) + ".";
  }
  if (*domain::Utf8Length(description) > kMaxRoleDescriptionLength) {
    return "Description must be at most 500 characters.";
  }
  return std::nullopt;
}

void ValidateRoleDescription(std::string_view description, Validation& validation) {
  if (auto error = RoleDescriptionError(description)) validation.Add("description", std::move(*error));
}

void ValidatePermissionNames(const std::vector<std::string>& names, Validation& validation) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!domain::IsKnownPermission(names[i])) {
      validation.Add("permissions[" + std::to_string(i) + "]",
                     "Unknown permission (GET /api/v1/permissions lists them).");
    }
  }
}

domain::Result<domain::Role> FindRoleOrNotFound(UnitOfWork& uow, std::string_view role_id) {
  auto role = uow.Roles().FindById(role_id);
  if (!role) return domain::Fail(domain::Error::NotFound("No role with this id."));
  return std::move(*role);
}

domain::Result<domain::Role> FindManageableRole(UseCaseContext& context, std::string_view role_id) {
  // With the row lock: the check must see the grants the change applies to, not those of
  // before a grant in progress (a caller could otherwise delete or rename a role that has just
  // been given a permission they lack), and two changes of one role must not interleave.
  auto role = context.Uow().Roles().FindByIdForUpdate(role_id);
  if (!role) return domain::Fail(domain::Error::NotFound("No role with this id."));
  if (auto allowed = RequireMayChangeRole(context, *role); !allowed) {
    return domain::Fail(allowed.error());
  }
  return std::move(*role);
}

}  // namespace rampart::application
