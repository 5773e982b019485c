#include "application/setup/seed.hpp"

#include <algorithm>

#include "application/common/audit.hpp"
#include "application/users/user_rules.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

domain::Role BuiltInAdminRole() {
  domain::Role admin{.name = std::string(domain::kAdminRole),
                     .description = "Administrators: every permission.",
                     .built_in = true};
  for (const auto& permission : domain::PermissionCatalogue()) {
    admin.permissions.emplace_back(permission.name);
  }
  return admin;
}

domain::Role BuiltInUserRole() {
  return {.name = std::string(domain::kUserRole),
          .description = "Every signed-up user: self-service only.",
          .built_in = true};
}

namespace {

std::vector<std::string> Minus(std::vector<std::string> from, std::vector<std::string> remove) {
  std::ranges::sort(from);
  std::ranges::sort(remove);
  std::vector<std::string> out;
  std::ranges::set_difference(from, remove, std::back_inserter(out));
  return out;
}

// Upserts a built-in role and records what that changed against `before` (the role as it was
// before this start's catalogue sync): its creation on a new database, or the permissions it
// gained or lost (a permission added to or removed from the catalogue in code reaches `admin`
// here). Nothing when nothing changed.
void UpsertBuiltInRole(UseCaseContext& context, const std::optional<domain::Role>& before,
                       const domain::Role& role) {
  const auto stored = context.Uow().Roles().Upsert(role);
  const std::string name = R"({"via":"seed","name":)" + JsonString(stored.name);
  if (!before) {
    context.Audit(domain::audit::kRoleCreated, "role", stored.id,
                  name + R"(,"permissions":)" + JsonStringArray(stored.permissions) + "}");
    return;
  }
  const auto added = Minus(stored.permissions, before->permissions);
  const auto removed = Minus(before->permissions, stored.permissions);
  if (added.empty() && removed.empty()) return;
  context.Audit(domain::audit::kRoleUpdated, "role", stored.id,
                name + R"(,"permissionsAdded":)" + JsonStringArray(added) +
                    R"(,"permissionsRemoved":)" + JsonStringArray(removed) + "}");
}

}  // namespace

domain::Result<SeedResult> Handle(const SeedCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  context.Begin(TransactionMode::kWrite);
  {
    auto& uow = context.Uow();
    const auto admin_before = uow.Roles().FindByName(domain::kAdminRole);
    uow.Roles().SyncPermissions();
    auto admin_role = BuiltInAdminRole();
    // An administrator may re-describe the built-in role (PATCH /roles/{id}): keep theirs.
    if (admin_before) admin_role.description = admin_before->description;
    UpsertBuiltInRole(context, admin_before, admin_role);
    if (!uow.Roles().FindByName(domain::kUserRole)) {
      UpsertBuiltInRole(context, std::nullopt, BuiltInUserRole());
    }
    context.Commit();
  }

  SeedResult result{.admin_email = command.admin_email};
  if (!command.create_admin) return result;
  context.Begin(TransactionMode::kRead);
  if (context.Uow().Users().CountWithRole(domain::kAdminRole) > 0) return result;

  std::string password = command.admin_password;
  if (password.empty()) {
    password = services.random.NewOpaqueToken().substr(0, 24);
    result.generated_password = password;
  }
  auto valid = ValidateNewUser(services.settings.password_policy, command.admin_email, password,
                               "Administrator", "password");
  if (!valid) {
    for (auto& field : valid.error().fields) {
      field.field = field.field == "email" ? "RAMPART_ADMIN_EMAIL" : "RAMPART_ADMIN_PASSWORD";
    }
    return domain::Fail(valid.error());
  }
  const auto now = services.clock.Now();
  domain::User admin{.id = services.random.NewUuid(),
                     .email = valid->email,
                     .display_name = valid->display_name,
                     .password_hash = services.hasher.Hash(password),
                     .email_verified = true};
  admin.created_at = now;
  admin.updated_at = now;
  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  if (auto added = uow.Users().Add(admin); !added) {
    // The address exists without the admin role: grant it rather than fail start-up.
    auto existing = uow.Users().FindByEmail(admin.email);
    if (!existing) return domain::Fail(added.error());
    auto roles = existing->roles;
    roles.emplace_back(domain::kAdminRole);
    uow.Users().SetRoles(existing->id, roles);
    context.Audit(domain::audit::kUserRolesChanged, "user", existing->id,
                  R"({"via":"seed","added":["admin"]})");
    result.generated_password.reset();
    context.Commit();
    return result;
  }
  uow.Users().SetRoles(admin.id, {std::string(domain::kAdminRole)});
  context.Audit(domain::audit::kUserCreated, "user", admin.id,
                R"({"via":"seed","roles":["admin"]})");
  context.Commit();
  result.admin_created = true;
  return result;
}

}  // namespace rampart::application
