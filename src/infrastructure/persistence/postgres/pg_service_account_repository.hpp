#pragma once
#include "application/ports/credential_repositories.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgServiceAccountRepository: service accounts and their roles. A row and its role names come back
// in one statement.
class PgServiceAccountRepository final : public application::ServiceAccountRepository {
 public:
  explicit PgServiceAccountRepository(PgTransaction& transaction) : transaction_(transaction) {}

  std::optional<domain::ServiceAccount> FindById(std::string_view id) override;
  std::optional<domain::ServiceAccount> FindByIdForUpdate(std::string_view id) override;
  std::optional<domain::ServiceAccount> FindByClientId(std::string_view client_id) override;
  std::vector<domain::ServiceAccount> List() override;
  domain::Result<void> Add(const domain::ServiceAccount& account) override;
  domain::Result<void> Update(const domain::ServiceAccount& account) override;
  void SetRoles(std::string_view id, const std::vector<std::string>& role_names) override;
  std::vector<std::string> PermissionsOf(std::string_view id) override;
  bool Remove(std::string_view id) override;

 private:
  PgTransaction& transaction_;
};

// PgApiKeyRepository: API keys of users and service accounts.
class PgApiKeyRepository final : public application::ApiKeyRepository {
 public:
  explicit PgApiKeyRepository(PgTransaction& transaction) : transaction_(transaction) {}

  void Add(const domain::ApiKey& key) override;
  std::optional<domain::ApiKey> FindById(std::string_view id) override;
  std::optional<domain::ApiKey> FindByPublicId(std::string_view public_id) override;
  std::vector<domain::ApiKey> ListByOwner(domain::PrincipalKind kind,
                                          std::string_view owner_id) override;
  bool Revoke(std::string_view id, domain::TimePoint at) override;
  void RecordUses(const std::vector<application::ApiKeyUse>& uses) override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres
