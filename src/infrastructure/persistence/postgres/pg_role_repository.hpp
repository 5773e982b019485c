#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_read_ahead.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

class PgRoleRepository final : public application::RoleRepository {
 public:
  PgRoleRepository(PgTransaction& transaction, PgReadAhead& read_ahead)
      : transaction_(transaction), read_ahead_(read_ahead) {}

  std::optional<domain::Role> FindByName(std::string_view name) override;
  std::optional<domain::Role> FindByNameForUpdate(std::string_view name) override;
  std::optional<domain::Role> FindById(std::string_view id) override;
  std::optional<domain::Role> FindByIdForUpdate(std::string_view id) override;
  std::vector<domain::Role> List() override;
  std::vector<std::string> LockExisting(const std::vector<std::string>& names) override;
  domain::Result<void> Add(const domain::Role& role) override;
  domain::Result<void> Update(const domain::Role& role) override;
  void SetPermissions(std::string_view role_id,
                      const std::vector<std::string>& permissions) override;
  bool Remove(std::string_view role_id) override;
  domain::Role Upsert(const domain::Role& role) override;
  void SyncPermissions() override;

 private:
  // FindByNameWith returns the role read by `role_statement` ($1 = name) with its grants, in one
  // round trip.
  std::optional<domain::Role> FindByNameWith(const Statement& role_statement,
                                             std::string_view name);
  // FindByIdWith returns the role read by `role_statement` ($1 = id) with its grants, in one round
  // trip.
  std::optional<domain::Role> FindByIdWith(const Statement& role_statement, std::string_view id);

  PgTransaction& transaction_;
  PgReadAhead& read_ahead_;  // every write forgets the user read ahead (roles, permissions)
};

}  // namespace rampart::infrastructure::postgres
