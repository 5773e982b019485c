#pragma once
#include "application/ports/credential_repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteServiceAccountRepository: service accounts and their roles.
class SqliteServiceAccountRepository final : public application::ServiceAccountRepository {
 public:
  explicit SqliteServiceAccountRepository(Connection& connection) : connection_(connection) {}

  std::optional<domain::ServiceAccount> FindById(std::string_view id) override;
  // FindByIdForUpdate: SQLite's single writer serialises write units of work: a plain read.
  std::optional<domain::ServiceAccount> FindByIdForUpdate(std::string_view id) override {
    return FindById(id);
  }
  std::optional<domain::ServiceAccount> FindByClientId(std::string_view client_id) override;
  std::vector<domain::ServiceAccount> List() override;
  domain::Result<void> Add(const domain::ServiceAccount& account) override;
  domain::Result<void> Update(const domain::ServiceAccount& account) override;
  void SetRoles(std::string_view id, const std::vector<std::string>& role_names) override;
  std::vector<std::string> PermissionsOf(std::string_view id) override;
  bool Remove(std::string_view id) override;

 private:
  std::optional<domain::ServiceAccount> FindWhere(const char* column, std::string_view value);
  std::vector<std::string> RolesOf(std::string_view id);

  Connection& connection_;
};

// SqliteApiKeyRepository: API keys of users and service accounts.
class SqliteApiKeyRepository final : public application::ApiKeyRepository {
 public:
  explicit SqliteApiKeyRepository(Connection& connection) : connection_(connection) {}

  void Add(const domain::ApiKey& key) override;
  std::optional<domain::ApiKey> FindById(std::string_view id) override;
  std::optional<domain::ApiKey> FindByPublicId(std::string_view public_id) override;
  std::vector<domain::ApiKey> ListByOwner(domain::PrincipalKind kind,
                                          std::string_view owner_id) override;
  bool Revoke(std::string_view id, domain::TimePoint at) override;
  void RecordUses(const std::vector<application::ApiKeyUse>& uses) override;

 private:
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
