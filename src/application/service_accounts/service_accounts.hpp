#pragma once
// /api/v1/service-accounts: principals for programs (docs/security.md#service-accounts). Each
// has roles like a user and authenticates with client credentials at POST /oauth/token. All need
// `service_accounts.manage`, and the no-escalation rule applies (dispatch/no_escalation.hpp):
// nobody gives an account a role carrying a permission they do not hold, nor changes, disables,
// deletes or rotates the secret of an account holding a permission they lack.
#include <optional>
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/permission.hpp"
#include "domain/service_account.hpp"

namespace rampart::application {

inline constexpr Requirement kManageServiceAccounts =
    Requirement::Permission(domain::permissions::kServiceAccountsManage);

// ServiceAccountWithSecret is an account with the client secret that was just made: the only time
// it is shown.
struct ServiceAccountWithSecret {
  domain::ServiceAccount account;  // roles filled, secret hash cleared
  std::string client_secret;
};

// CreateServiceAccountCommand: POST /api/v1/service-accounts {name, description?, roles?} — 201
// with the client id and secret. 409 when the name is taken; 403 when a role carries a permission
// the caller lacks.
struct CreateServiceAccountCommand {
  using Response = ServiceAccountWithSecret;
  static constexpr std::string_view kName = "service_accounts.create";
  static constexpr Requirement kRequires = kManageServiceAccounts;
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string name;
  std::string description;
  std::vector<std::string> roles;
};

// ListServiceAccountsQuery: GET /api/v1/service-accounts — every account by name (secret hashes
// cleared).
struct ListServiceAccountsQuery {
  using Response = std::vector<domain::ServiceAccount>;
  static constexpr std::string_view kName = "service_accounts.list";
  static constexpr Requirement kRequires = kManageServiceAccounts;
  static constexpr Transaction kTransaction = Transaction::kRead;
};

// GetServiceAccountQuery: GET /api/v1/service-accounts/{id}
struct GetServiceAccountQuery {
  using Response = domain::ServiceAccount;
  static constexpr std::string_view kName = "service_accounts.get";
  static constexpr Requirement kRequires = kManageServiceAccounts;
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string id;
};

// UpdateServiceAccountCommand: PATCH /api/v1/service-accounts/{id} {name?, description?, roles?,
// disabled?} — only the fields present change. Disabling bumps the token version: its access tokens
// (and its API keys) stop working at once; enabling lets it ask for new tokens.
struct UpdateServiceAccountCommand {
  using Response = domain::ServiceAccount;
  static constexpr std::string_view kName = "service_accounts.update";
  static constexpr Requirement kRequires = kManageServiceAccounts;
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> disabled;
};

// DeleteServiceAccountCommand: DELETE /api/v1/service-accounts/{id} — with its roles and API keys;
// its tokens stop at once.
struct DeleteServiceAccountCommand {
  using Response = bool;
  static constexpr std::string_view kName = "service_accounts.delete";
  static constexpr Requirement kRequires = kManageServiceAccounts;
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string id;
};

// RotateServiceAccountSecretCommand: POST /api/v1/service-accounts/{id}/secret — a new client
// secret (shown once); the old one stops working and so do the tokens issued with it (the token
// version is bumped).
struct RotateServiceAccountSecretCommand {
  using Response = ServiceAccountWithSecret;
  static constexpr std::string_view kName = "service_accounts.rotate_secret";
  static constexpr Requirement kRequires = kManageServiceAccounts;
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string id;
};

// Validate: fields `name`, `description`, `roles`.
void Validate(const CreateServiceAccountCommand& command, Validation& validation);
void Validate(const UpdateServiceAccountCommand& command, Validation& validation);

domain::Result<ServiceAccountWithSecret> Handle(const CreateServiceAccountCommand& command,
                                                UseCaseContext& context);
domain::Result<std::vector<domain::ServiceAccount>> Handle(const ListServiceAccountsQuery& query,
                                                           UseCaseContext& context);
// Handle: kNotFound for an unknown id.
domain::Result<domain::ServiceAccount> Handle(const GetServiceAccountQuery& query,
                                              UseCaseContext& context);
domain::Result<domain::ServiceAccount> Handle(const UpdateServiceAccountCommand& command,
                                              UseCaseContext& context);
domain::Result<bool> Handle(const DeleteServiceAccountCommand& command, UseCaseContext& context);
domain::Result<ServiceAccountWithSecret> Handle(const RotateServiceAccountSecretCommand& command,
                                                UseCaseContext& context);

// FindManageableServiceAccount returns the account with this id read with its row lock, then the
// no-escalation rule (kForbidden when it holds a permission the caller lacks); kNotFound for an
// unknown id. The secret hash is kept (Update writes it back).
domain::Result<domain::ServiceAccount> FindManageableServiceAccount(UseCaseContext& context,
                                                                    std::string_view id);

}  // namespace rampart::application
