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

std::vector<std::string> SortedDistinct(std::vector<std::string> names) {
  std::ranges::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

// Upserts a built-in role and records what that changed against `before` (the role as it was
// before this start's catalogue sync): its creation on a new database, or the permissions it
// gained or lost (a permission added to or removed from the catalogue in code reaches `admin`
// here). Nothing when nothing changed.
//
// A missing role is inserted with Add, which reports a name taken meanwhile instead of
// overwriting it: when two instances start at once on an empty database, both read "no role",
// but only the one whose insert created the row records role.created (on PostgreSQL the other
// insert waits for the first transaction and then finds the name taken; SQLite's single writer
// serialises the two seeds anyway). The loser carries on as on an existing database.
void UpsertBuiltInRole(UseCaseContext& context, std::optional<domain::Role> before,
                       const domain::Role& role) {
  auto& roles = context.Uow().Roles();
  if (!before) {
    domain::Role created = role;
    created.id = context.services.random.NewUuid();
    created.permissions = SortedDistinct(role.permissions);
    if (roles.Add(created)) {
      context.Audit(domain::audit::kRoleCreated, "role", created.id,
                    R"({"via":"seed","name":)" + JsonString(created.name) + R"(,"permissions":)" +
                        JsonStringArray(created.permissions) + "}");
      return;
    }
    before = roles.FindByNameForUpdate(role.name);  // committed by the other instance just now
  }
  const auto stored = roles.Upsert(role);
  if (!before) return;  // created and deleted again meanwhile: nothing of ours to compare
  const auto added = Minus(stored.permissions, before->permissions);
  const auto removed = Minus(before->permissions, stored.permissions);
  if (added.empty() && removed.empty()) return;
  context.Audit(domain::audit::kRoleUpdated, "role", stored.id,
                R"({"via":"seed","name":)" + JsonString(stored.name) + R"(,"permissionsAdded":)" +
                    JsonStringArray(added) + R"(,"permissionsRemoved":)" +
                    JsonStringArray(removed) + "}");
}

}  // namespace

domain::Result<SeedResult> Handle(const SeedCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  context.Begin(TransactionMode::kWrite);
  {
    auto& uow = context.Uow();
    // Locked first (before any other row of this transaction): a second instance starting at
    // the same moment waits here and then sees what the first one stored, so a catalogue change
    // is recorded (role.updated) once, not once per instance.
    const auto admin_before = uow.Roles().FindByNameForUpdate(domain::kAdminRole);
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
  if (password.empty() && !command.generate_password) {
    result.admin_missing = true;
    return result;
  }
  if (password.empty()) {
    password = services.random.NewOpaqueToken().substr(0, 24);
    result.generated_password = password;
  }
  auto valid = ValidateNewUser(services, command.admin_email, password,
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
    result.generated_password.reset();
    // Another instance starting at the same moment created this administrator after our count:
    // nothing left to do, and nothing to record.
    if (std::ranges::find(existing->roles, domain::kAdminRole) != existing->roles.end()) {
      return result;
    }
    auto roles = existing->roles;
    roles.emplace_back(domain::kAdminRole);
    uow.Users().SetRoles(existing->id, roles);
    context.Audit(domain::audit::kUserRolesChanged, "user", existing->id,
                  R"({"via":"seed","added":["admin"]})");
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
