#include "application/dispatch/no_escalation.hpp"

#include <algorithm>
#include <iterator>

#include "domain/permission.hpp"

namespace rampart::application {

namespace {

std::vector<std::string> SortedDistinct(std::vector<std::string> names) {
  std::ranges::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

// What the actor holds: nothing when the pipeline did not load their permissions (fails closed).
const std::vector<std::string>& Held(const UseCaseContext& context) {
  return context.Me().permissions;
}

}  // namespace

std::vector<std::string> MissingPermissions(const std::vector<std::string>& held,
                                            const std::vector<std::string>& needed) {
  std::vector<std::string> missing;
  std::ranges::set_difference(needed, held, std::back_inserter(missing));
  return missing;
}

domain::Result<void> RequireHeld(const std::vector<std::string>& held,
                                 const std::vector<std::string>& needed, std::string_view refusal,
                                 bool name_them) {
  const auto missing = MissingPermissions(held, needed);
  if (missing.empty()) return {};
  std::string detail(refusal);
  if (name_them) detail += " Missing: " + Joined(missing) + ".";
  return domain::Fail(domain::Error::Forbidden(std::move(detail)));
}

domain::Result<void> RequireMayGrant(const UseCaseContext& context,
                                     const std::vector<std::string>& permissions) {
  if (!context.HasActor()) return {};
  // The permissions come from the caller's own request: naming them reveals nothing.
  return RequireHeld(Held(context), SortedDistinct(permissions),
                     "You cannot grant a permission you do not hold.", true);
}

domain::Result<void> RequireMayGrantRoles(const UseCaseContext& context,
                                          const std::vector<domain::Role>& roles) {
  if (!context.HasActor()) return {};
  const bool may_read_roles = context.Me().Has(domain::permissions::kRolesRead);
  std::string refused;
  for (const auto& role : roles) {
    const auto missing = MissingPermissions(Held(context), SortedDistinct(role.permissions));
    if (missing.empty()) continue;
    if (!refused.empty()) refused += "; ";
    refused += role.name;
    if (may_read_roles) refused += " (" + Joined(missing) + ")";
  }
  if (refused.empty()) return {};
  return domain::Fail(domain::Error::Forbidden(
      "You cannot grant a role that carries a permission you do not hold: " + refused + "."));
}

domain::Result<void> RequireMayChangeUser(UseCaseContext& context, const domain::User& target) {
  if (!context.HasActor()) return {};
  return RequireHeld(Held(context), context.Uow().Users().PermissionsOf(target.id),
                     "This user holds a permission you do not have: only someone who holds it "
                     "may change, lock, delete or assign roles to the account.",
                     context.Me().Has(domain::permissions::kUsersRead));
}

domain::Result<void> RequireMayChangeRole(const UseCaseContext& context, const domain::Role& role) {
  if (!context.HasActor()) return {};
  return RequireHeld(Held(context), SortedDistinct(role.permissions),
                     "This role carries a permission you do not have: only someone who holds it "
                     "may rename, delete or change the role.",
                     context.Me().Has(domain::permissions::kRolesRead));
}

}  // namespace rampart::application
