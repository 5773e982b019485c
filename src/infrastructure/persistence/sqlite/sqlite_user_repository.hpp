#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteUserRepository: users in the `users` table (soft-deleted rows are invisible) with their
// `user_roles`.
class SqliteUserRepository final : public application::UserRepository {
 public:
  explicit SqliteUserRepository(Connection& connection) : connection_(connection) {}

  std::optional<domain::User> FindById(std::string_view id) override;
  // FindByIdForUpdate: write units of work already hold SQLite's write lock: the same as FindById.
  std::optional<domain::User> FindByIdForUpdate(std::string_view id) override {
    return FindById(id);
  }
  std::optional<domain::User> FindByEmail(const domain::Email& email) override;
  domain::Result<void> Add(const domain::User& user) override;
  domain::Result<void> Update(const domain::User& user) override;
  // SetRoles throws std::invalid_argument when a role name does not exist.
  void SetRoles(std::string_view user_id, const std::vector<std::string>& role_names) override;
  std::vector<std::string> PermissionsOf(std::string_view user_id) override;
  long long Count() override;
  std::vector<application::StoredEmail> ListNonAsciiEmails() override;
  long long CountWithRole(std::string_view role_name) override;
  // CountActiveWithRoleForUpdate: write units of work hold SQLite's write lock: counting is enough
  // to serialise.
  long long CountActiveWithRoleForUpdate(std::string_view role_name) override;
  application::UserListPage List(const application::UserListQuery& query) override;
  bool SoftDelete(std::string_view id, domain::TimePoint at) override;

 private:
  std::optional<domain::User> ReadOne(Query& query);
  std::vector<std::string> RoleNamesOf(std::string_view user_id);

  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite
