#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

class PgRoleRepository final : public application::RoleRepository {
 public:
  explicit PgRoleRepository(PgTransaction& transaction) : transaction_(transaction) {}

  std::optional<domain::Role> FindByName(std::string_view name) override;
  std::vector<domain::Role> List() override;
  domain::Role Upsert(const domain::Role& role) override;
  void SyncPermissions() override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres
