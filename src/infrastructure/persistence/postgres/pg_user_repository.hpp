#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_read_ahead.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

class PgUserRepository final : public application::UserRepository {
 public:
  PgUserRepository(PgTransaction& transaction, PgReadAhead& read_ahead)
      : transaction_(transaction), read_ahead_(read_ahead) {}

  std::optional<domain::User> FindById(std::string_view id) override;
  std::optional<domain::User> FindByIdForUpdate(std::string_view id) override;
  std::optional<domain::User> FindByEmail(const domain::Email& email) override;
  domain::Result<void> Add(const domain::User& user) override;
  domain::Result<void> Update(const domain::User& user) override;
  void SetRoles(std::string_view user_id, const std::vector<std::string>& role_names) override;
  std::vector<std::string> PermissionsOf(std::string_view user_id) override;
  long long Count() override;
  std::vector<application::StoredEmail> ListNonAsciiEmails() override;
  long long CountWithRole(std::string_view role_name) override;
  // CountActiveWithRoleForUpdate locks the role's row (FOR UPDATE) before counting: only in a write
  // unit of work.
  long long CountActiveWithRoleForUpdate(std::string_view role_name) override;
  application::UserListPage List(const application::UserListQuery& query) override;
  bool SoftDelete(std::string_view id, domain::TimePoint at) override;

 private:
  PgTransaction& transaction_;
  PgReadAhead& read_ahead_;  // FindById and PermissionsOf serve it; every write forgets it
};

}  // namespace rampart::infrastructure::postgres
