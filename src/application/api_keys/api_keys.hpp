#pragma once
// API keys (docs/security.md#api-keys): personal, long-lived credentials of users and service
// accounts, `rp_<public id>_<secret><checksum>`, shown once and stored as a SHA-256. A key acts
// as its owner within its permissions: on every request the owner's *current* permissions
// intersected with the key's.
#include <optional>
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"
#include "domain/api_key.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

inline constexpr std::size_t kMaxApiKeyNameLength = 100;  // characters
inline constexpr std::size_t kMaxActiveApiKeysPerOwner = 50;

// CreatedApiKey is a key with its text: the only time the text is shown.
struct CreatedApiKey {
  domain::ApiKey key;  // secret hash cleared
  std::string text;
};

// CreateApiKeyCommand: POST /api/v1/users/me/api-keys {name, expiresAt?, permissions?} — a key of
// the caller (a user or a service account). `permissions` must be held by the caller now (403
// otherwise: the no-escalation rule); absent, the key carries all of the owner's permissions,
// whatever they are at each request. A request authenticated by an API key cannot create one (403):
// a key must not outlive itself. At most 50 active keys per owner (409).
struct CreateApiKeyCommand {
  using Response = CreatedApiKey;
  static constexpr std::string_view kName = "api_keys.create";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal().WithoutApiKeys();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string name;
  std::optional<domain::TimePoint> expires_at;
  std::optional<std::vector<std::string>> permissions;
};

// ListMyApiKeysQuery: GET /api/v1/users/me/api-keys — the caller's keys (revoked and expired ones
// too), newest first.
struct ListMyApiKeysQuery {
  using Response = std::vector<domain::ApiKey>;
  static constexpr std::string_view kName = "api_keys.list_mine";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  static constexpr Transaction kTransaction = Transaction::kRead;
};

// RevokeMyApiKeyCommand: DELETE /api/v1/users/me/api-keys/{id} — revokes one of the caller's keys
// at once (every instance: the cached key state is invalidated). 404 when the caller has no such
// key; revoking a revoked key changes nothing.
struct RevokeMyApiKeyCommand {
  using Response = bool;
  static constexpr std::string_view kName = "api_keys.revoke_mine";
  static constexpr Requirement kRequires = Requirement::SignedInPrincipal();
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string key_id;
};

// ListUserApiKeysQuery: GET /api/v1/users/{id}/api-keys (`sessions.manage`).
struct ListUserApiKeysQuery {
  using Response = std::vector<domain::ApiKey>;
  static constexpr std::string_view kName = "api_keys.list_user";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kSessionsManage);
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string user_id;
};

// RevokeUserApiKeyCommand: DELETE /api/v1/users/{id}/api-keys/{keyId} (`sessions.manage`; no
// escalation: a user who holds a permission the caller lacks is 403).
struct RevokeUserApiKeyCommand {
  using Response = bool;
  static constexpr std::string_view kName = "api_keys.revoke_user";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kSessionsManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
  std::string key_id;
};

// ListServiceAccountApiKeysQuery: GET /api/v1/service-accounts/{id}/api-keys
// (`service_accounts.manage`).
struct ListServiceAccountApiKeysQuery {
  using Response = std::vector<domain::ApiKey>;
  static constexpr std::string_view kName = "api_keys.list_service_account";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kServiceAccountsManage);
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string account_id;
};

// RevokeServiceAccountApiKeyCommand: DELETE /api/v1/service-accounts/{id}/api-keys/{keyId}
// (`service_accounts.manage`; no escalation).
struct RevokeServiceAccountApiKeyCommand {
  using Response = bool;
  static constexpr std::string_view kName = "api_keys.revoke_service_account";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kServiceAccountsManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string account_id;
  std::string key_id;
};

// Validate: fields `name`, `permissions[<index>]`.
void Validate(const CreateApiKeyCommand& command, Validation& validation);

domain::Result<CreatedApiKey> Handle(const CreateApiKeyCommand& command, UseCaseContext& context);
domain::Result<std::vector<domain::ApiKey>> Handle(const ListMyApiKeysQuery& query,
                                                   UseCaseContext& context);
domain::Result<bool> Handle(const RevokeMyApiKeyCommand& command, UseCaseContext& context);
domain::Result<std::vector<domain::ApiKey>> Handle(const ListUserApiKeysQuery& query,
                                                   UseCaseContext& context);
domain::Result<bool> Handle(const RevokeUserApiKeyCommand& command, UseCaseContext& context);
domain::Result<std::vector<domain::ApiKey>> Handle(const ListServiceAccountApiKeysQuery& query,
                                                   UseCaseContext& context);
domain::Result<bool> Handle(const RevokeServiceAccountApiKeyCommand& command,
                            UseCaseContext& context);

}  // namespace rampart::application
