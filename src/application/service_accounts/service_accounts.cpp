#include "application/service_accounts/service_accounts.hpp"

#include "application/common/audit.hpp"
#include "application/common/secrets.hpp"
#include "application/dispatch/no_escalation.hpp"
#include "application/roles/role_rules.hpp"
#include "application/users/user_roles.hpp"
#include "domain/credential_format.hpp"

namespace rampart::application {

namespace {

domain::Error NotFound() { return domain::Error::NotFound("No service account with this id."); }

domain::ServiceAccount Cleared(domain::ServiceAccount account) {
  account.secret_hash.clear();
  return account;
}

// A fresh client id and secret; the account keeps only the secret's hash.
std::string NewSecret(UseCaseContext& context, domain::ServiceAccount& account) {
  auto& random = context.services.random;
  std::string secret = domain::ClientSecretText(RandomBase62(random, domain::kClientSecretLength));
  account.secret_hash = random.HashToken(secret);
  return secret;
}

void ValidateName(std::string_view name, Validation& validation) {
  ValidateRoleName(name, validation);
}

void ValidateDescription(std::string_view description, Validation& validation) {
  ValidateRoleDescription(description, validation);
}

// Locks the roles named and applies the no-escalation rule to giving them.
domain::Result<std::vector<std::string>> GrantableRoles(UseCaseContext& context,
                                                        const std::vector<std::string>& names) {
  auto roles = NormalizeRoleNames(names);
  auto granted = LockRoles(context.Uow(), roles);
  if (!granted) return domain::Fail(granted.error());
  if (auto allowed = RequireMayGrantRoles(context, *granted); !allowed) {
    return domain::Fail(allowed.error());
  }
  return roles;
}

}  // namespace

void Validate(const CreateServiceAccountCommand& command, Validation& validation) {
  ValidateName(command.name, validation);
  ValidateDescription(command.description, validation);
  ValidateRoleNames(command.roles, validation);
}

void Validate(const UpdateServiceAccountCommand& command, Validation& validation) {
  if (command.name) ValidateName(*command.name, validation);
  if (command.description) ValidateDescription(*command.description, validation);
  if (command.roles) ValidateRoleNames(*command.roles, validation);
}

domain::Result<domain::ServiceAccount> FindManageableServiceAccount(UseCaseContext& context,
                                                                    std::string_view id) {
  auto& uow = context.Uow();
  auto account = uow.ServiceAccounts().FindByIdForUpdate(id);
  if (!account) return domain::Fail(NotFound());
  if (context.HasActor()) {
    if (auto allowed = RequireHeld(
            context.Me().permissions, uow.ServiceAccounts().PermissionsOf(account->id),
            "This service account holds a permission you do not have: only someone who holds "
            "it may change, disable, delete or rotate the secret of the account.",
            true);
        !allowed) {
      return domain::Fail(allowed.error());
    }
  }
  return std::move(*account);
}

domain::Result<ServiceAccountWithSecret> Handle(const CreateServiceAccountCommand& command,
                                                UseCaseContext& context) {
  auto roles = GrantableRoles(context, command.roles);
  if (!roles) return domain::Fail(roles.error());
  auto& services = context.services;
  const auto now = services.clock.Now();
  domain::ServiceAccount account{
      .id = services.random.NewUuid(),
      .name = command.name,
      .description = command.description,
      .client_id = std::string(domain::kClientIdPrefix) +
                   RandomBase62(services.random, domain::kClientIdLength),
      .created_at = now,
      .updated_at = now};
  std::string secret = NewSecret(context, account);
  auto& accounts = context.Uow().ServiceAccounts();
  if (auto added = accounts.Add(account); !added) return domain::Fail(added.error());
  accounts.SetRoles(account.id, *roles);
  account.roles = *roles;
  context.Audit(domain::audit::kServiceAccountCreated, "service_account", account.id,
                R"({"name":)" + JsonString(account.name) + R"(,"clientId":)" +
                    JsonString(account.client_id) + R"(,"roles":)" + JsonStringArray(*roles) + "}");
  return ServiceAccountWithSecret{Cleared(std::move(account)), std::move(secret)};
}

domain::Result<std::vector<domain::ServiceAccount>> Handle(const ListServiceAccountsQuery&,
                                                           UseCaseContext& context) {
  auto accounts = context.Uow().ServiceAccounts().List();
  for (auto& account : accounts) account.secret_hash.clear();
  return accounts;
}

domain::Result<domain::ServiceAccount> Handle(const GetServiceAccountQuery& query,
                                              UseCaseContext& context) {
  auto account = context.Uow().ServiceAccounts().FindById(query.id);
  if (!account) return domain::Fail(NotFound());
  return Cleared(std::move(*account));
}

domain::Result<domain::ServiceAccount> Handle(const UpdateServiceAccountCommand& command,
                                              UseCaseContext& context) {
  auto account = FindManageableServiceAccount(context, command.id);
  if (!account) return domain::Fail(account.error());
  auto& accounts = context.Uow().ServiceAccounts();
  std::vector<std::string> fields;
  std::string details;
  if (command.roles) {
    auto roles = GrantableRoles(context, *command.roles);
    if (!roles) return domain::Fail(roles.error());
    if (*roles != account->roles) {
      details = R"(,"rolesFrom":)" + JsonStringArray(account->roles) + R"(,"rolesTo":)" +
                JsonStringArray(*roles);
      accounts.SetRoles(account->id, *roles);
      account->roles = *roles;
      fields.push_back("roles");
    }
  }
  domain::ServiceAccount changed = *account;
  if (command.name && *command.name != changed.name) {
    changed.name = *command.name;
    fields.push_back("name");
  }
  if (command.description && *command.description != changed.description) {
    changed.description = *command.description;
    fields.push_back("description");
  }
  const bool disable = command.disabled && *command.disabled && !changed.disabled;
  const bool enable = command.disabled && !*command.disabled && changed.disabled;
  if (disable || enable) {
    changed.disabled = disable;
    if (disable) ++changed.token_version;  // its tokens stop at once
  }
  const bool row_changed = changed.name != account->name ||
                           changed.description != account->description || disable || enable;
  if (row_changed) {
    changed.updated_at = context.services.clock.Now();
    // Update writes the secret hash back: keep the stored one.
    if (auto updated = accounts.Update(changed); !updated) return domain::Fail(updated.error());
  }
  if (!fields.empty()) {
    context.Audit(domain::audit::kServiceAccountUpdated, "service_account", changed.id,
                  R"({"fields":)" + JsonStringArray(fields) + details + "}");
  }
  if (disable) context.Audit(domain::audit::kServiceAccountDisabled, "service_account", changed.id);
  if (enable) context.Audit(domain::audit::kServiceAccountEnabled, "service_account", changed.id);
  return Cleared(std::move(changed));
}

domain::Result<bool> Handle(const DeleteServiceAccountCommand& command, UseCaseContext& context) {
  auto account = FindManageableServiceAccount(context, command.id);
  if (!account) return domain::Fail(account.error());
  context.Uow().ServiceAccounts().Remove(account->id);
  context.Audit(domain::audit::kServiceAccountDeleted, "service_account", account->id,
                R"({"name":)" + JsonString(account->name) + "}");
  return true;
}

domain::Result<ServiceAccountWithSecret> Handle(const RotateServiceAccountSecretCommand& command,
                                                UseCaseContext& context) {
  auto account = FindManageableServiceAccount(context, command.id);
  if (!account) return domain::Fail(account.error());
  std::string secret = NewSecret(context, *account);
  ++account->token_version;  // the tokens issued with the old secret stop at once
  account->updated_at = context.services.clock.Now();
  if (auto updated = context.Uow().ServiceAccounts().Update(*account); !updated) {
    return domain::Fail(updated.error());
  }
  context.Audit(domain::audit::kServiceAccountSecretRotated, "service_account", account->id);
  return ServiceAccountWithSecret{Cleared(std::move(*account)), std::move(secret)};
}

}  // namespace rampart::application
