#include "application/setup/seed.hpp"

#include <algorithm>

#include "application/common/audit.hpp"
#include "application/users/user_rules.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

domain::Result<SeedResult> SeedHandler::Handle(const SeedCommand& command) {
  {
    auto uow = services_.database.Begin(TransactionMode::kWrite);
    uow->Roles().SyncPermissions();
    domain::Role admin{.name = std::string(domain::kAdminRole),
                       .description = "Administrators: every permission.",
                       .built_in = true};
    for (const auto& permission : domain::PermissionCatalogue()) {
      admin.permissions.emplace_back(permission.name);
    }
    uow->Roles().Upsert(admin);
    if (!uow->Roles().FindByName(domain::kUserRole)) {
      uow->Roles().Upsert({.name = std::string(domain::kUserRole),
                           .description = "Every signed-up user: self-service only.",
                           .built_in = true});
    }
    uow->Commit();
  }

  SeedResult result{.admin_email = command.admin_email};
  {
    auto uow = services_.database.Begin(TransactionMode::kRead);
    if (uow->Users().CountWithRole(domain::kAdminRole) > 0) return result;
  }
  std::string password = command.admin_password;
  if (password.empty()) {
    password = services_.random.NewOpaqueToken().substr(0, 24);
    result.generated_password = password;
  }
  auto valid = ValidateNewUser(services_.settings.password_policy, command.admin_email, password,
                               "Administrator", "password");
  if (!valid) {
    for (auto& field : valid.error().fields) {
      field.field = field.field == "email" ? "RAMPART_ADMIN_EMAIL" : "RAMPART_ADMIN_PASSWORD";
    }
    return domain::Fail(valid.error());
  }
  const auto now = services_.clock.Now();
  domain::User admin{.id = services_.random.NewUuid(),
                     .email = valid->email,
                     .display_name = valid->display_name,
                     .password_hash = services_.hasher.Hash(password),
                     .email_verified = true};
  admin.created_at = now;
  admin.updated_at = now;
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  if (auto added = uow->Users().Add(admin); !added) {
    // The address exists without the admin role: grant it rather than fail start-up.
    auto existing = uow->Users().FindByEmail(admin.email);
    if (!existing) return domain::Fail(added.error());
    auto roles = existing->roles;
    roles.emplace_back(domain::kAdminRole);
    uow->Users().SetRoles(existing->id, roles);
    result.generated_password.reset();
    uow->Commit();
    return result;
  }
  uow->Users().SetRoles(admin.id, {std::string(domain::kAdminRole)});
  uow->Audit().Append(MakeAuditEvent(services_, {.ip = "", .user_agent = "rampart", .correlation_id = "seed"},
                                     domain::audit::kUserCreated, "", "user", admin.id,
                                     R"({"reason":"first administrator"})"));
  uow->Commit();
  result.admin_created = true;
  return result;
}

}  // namespace rampart::application
