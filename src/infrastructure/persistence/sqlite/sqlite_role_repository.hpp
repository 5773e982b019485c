#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteRoleRepository: roles, the permission catalogue table and the grants between them.
class SqliteRoleRepository final : public application::RoleRepository {
 public:
  explicit SqliteRoleRepository(Connection& connection) : connection_(connection) {}

  std::optional<domain::Role> FindByName(std::string_view name) override;
  std::optional<domain::Role> FindByNameForUpdate(std::string_view name) override {
    return FindByName(name);  // BEGIN IMMEDIATE already holds the database's write lock
  }
  std::optional<domain::Role> FindById(std::string_view id) override;
  std::optional<domain::Role> FindByIdForUpdate(std::string_view id) override {
    return FindById(id);  // BEGIN IMMEDIATE already holds the database's write lock
  }
  // List returns roles ordered by name.
  std::vector<domain::Role> List() override;
  std::vector<std::string> LockExisting(const std::vector<std::string>& names) override;
  domain::Result<void> Add(const domain::Role& role) override;
  domain::Result<void> Update(const domain::Role& role) override;
  void SetPermissions(std::string_view role_id,
                      const std::vector<std::string>& permissions) override;
  bool Remove(std::string_view role_id) override;
  // Upsert: a new role keeps the given id, or gets a random UUID when the id is empty. Throws when
  // a permission is not in the catalogue table (run SyncPermissions first).
  domain::Role Upsert(const domain::Role& role) override;
  void SyncPermissions() override;

 private:
  std::optional<domain::Role> FindWhere(const char* sql, std::string_view value);
  std::vector<std::string> PermissionsOf(std::string_view role_id);

  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
