#pragma once
// Persistence ports of the credentials for programs: service accounts (client credentials) and
// API keys. Same rules as repositories.hpp: the SQLite and PostgreSQL adapters pass one contract
// suite (tests/integration/repository_contract_credentials.cpp); infrastructure failures throw.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/api_key.hpp"
#include "domain/errors.hpp"
#include "domain/principal.hpp"
#include "domain/service_account.hpp"

namespace rampart::application {

class ServiceAccountRepository {
 public:
  virtual ~ServiceAccountRepository() = default;
  // FindById: accounts come back with `roles` filled (names, sorted). nullopt for an unknown
  // id.
  virtual std::optional<domain::ServiceAccount> FindById(std::string_view id) = 0;
  // FindByIdForUpdate: FindById for a decision and a change in the same write unit of work (the
  // no-escalation rule, a secret rotation): the row stays locked until the unit of work ends
  // (PostgreSQL: FOR UPDATE; SQLite's single writer serialises them anyway).
  virtual std::optional<domain::ServiceAccount> FindByIdForUpdate(std::string_view id) = 0;
  virtual std::optional<domain::ServiceAccount> FindByClientId(std::string_view client_id) = 0;
  // List returns every account, by name.
  virtual std::vector<domain::ServiceAccount> List() = 0;
  // Add inserts the account (not its roles). kConflict when the name is taken.
  virtual domain::Result<void> Add(const domain::ServiceAccount& account) = 0;
  // Update writes name, description, secret_hash, disabled, token_version and updated_at. kConflict
  // when the new name is taken, kNotFound when the account does not exist.
  virtual domain::Result<void> Update(const domain::ServiceAccount& account) = 0;
  // SetRoles replaces the account's roles by the roles with these names (all must exist).
  virtual void SetRoles(std::string_view id, const std::vector<std::string>& role_names) = 0;
  // PermissionsOf returns distinct permission names granted through the account's roles, sorted.
  virtual std::vector<std::string> PermissionsOf(std::string_view id) = 0;
  // Remove deletes the account with its roles and API keys. False for an unknown id.
  virtual bool Remove(std::string_view id) = 0;
};

// ApiKeyUse is one use of an API key, for ApiKeyRepository::RecordUses.
struct ApiKeyUse {
  std::string key_id;
  domain::TimePoint at{};
  std::string ip;
};

class ApiKeyRepository {
 public:
  virtual ~ApiKeyRepository() = default;
  virtual void Add(const domain::ApiKey& key) = 0;
  virtual std::optional<domain::ApiKey> FindById(std::string_view id) = 0;
  // FindByPublicId returns the key with this public id (the look-up of a presented key), nullopt
  // when none.
  virtual std::optional<domain::ApiKey> FindByPublicId(std::string_view public_id) = 0;
  // ListByOwner returns the owner's keys, revoked and expired ones included, newest first.
  virtual std::vector<domain::ApiKey> ListByOwner(domain::PrincipalKind kind,
                                                  std::string_view owner_id) = 0;
  // Revoke marks the key revoked at `at` unless it is already; false when no unrevoked key has this
  // id.
  virtual bool Revoke(std::string_view id, domain::TimePoint at) = 0;
  // RecordUses moves each key's last use (time and IP) forward to the given one; an older use than
  // the one stored changes nothing. Unknown ids are ignored.
  virtual void RecordUses(const std::vector<ApiKeyUse>& uses) = 0;
};

}  // namespace rampart::application
