#include "infrastructure/persistence/postgres/pg_user_repository.hpp"

#include <algorithm>
#include <stdexcept>

#include "infrastructure/persistence/postgres/pg_error.hpp"

namespace rampart::infrastructure::postgres {

namespace {

#define RAMPART_USER_COLUMNS                                                               \
  "u.id, u.email, u.display_name, u.password_hash, u.email_verified, u.locked,"            \
  " u.token_version, u.failed_logins, extract(epoch from u.last_failed_login_at)::bigint," \
  " extract(epoch from u.locked_until)::bigint, extract(epoch from u.created_at)::bigint," \
  " extract(epoch from u.updated_at)::bigint"

constexpr Statement kSelectById{"users_by_id",
                                "SELECT " RAMPART_USER_COLUMNS
                                " FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL"};
constexpr Statement kSelectByEmail{"users_by_email",
                                   "SELECT " RAMPART_USER_COLUMNS
                                   " FROM users u WHERE lower(u.email) = lower($1)"
                                   " AND u.deleted_at IS NULL"};
// Locks the user row until the transaction ends (read-modify-write use cases).
constexpr Statement kSelectByIdForUpdate{"users_by_id_for_update",
                                         "SELECT " RAMPART_USER_COLUMNS
                                         " FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL"
                                         " FOR UPDATE"};
// Sent in the same pipeline as the user look-up: the role names of a user id, or of the live
// user with an e-mail address.
constexpr Statement kRolesById{"users_roles_by_id",
                               "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
                               " WHERE ur.user_id = $1 ORDER BY r.name"};
constexpr Statement kRolesByEmail{
    "users_roles_by_email",
    "SELECT r.name FROM users u JOIN user_roles ur ON ur.user_id = u.id"
    " JOIN roles r ON r.id = ur.role_id"
    " WHERE lower(u.email) = lower($1) AND u.deleted_at IS NULL ORDER BY r.name"};
// ON CONFLICT on the live-email index only: a duplicate id stays an error (a caller bug), and
// the transaction stays usable after a taken address.
constexpr Statement kInsert{
    "users_insert",
    "INSERT INTO users (id, email, display_name, password_hash, email_verified, locked,"
    " token_version, failed_logins, last_failed_login_at, locked_until, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9), to_timestamp($10),"
    " to_timestamp($11), to_timestamp($12))"
    " ON CONFLICT (lower(email)) WHERE deleted_at IS NULL DO NOTHING"};
constexpr Statement kSavepoint{"users_savepoint", "SAVEPOINT users_update"};
constexpr Statement kReleaseSavepoint{"users_release_savepoint", "RELEASE SAVEPOINT users_update"};
constexpr Statement kRollbackSavepoint{"users_rollback_savepoint",
                                       "ROLLBACK TO SAVEPOINT users_update"};
constexpr Statement kUpdate{
    "users_update",
    "UPDATE users SET email = $1, display_name = $2, password_hash = $3, email_verified = $4,"
    " locked = $5, token_version = $6, failed_logins = $7,"
    " last_failed_login_at = to_timestamp($8), locked_until = to_timestamp($9),"
    " updated_at = to_timestamp($10) WHERE id = $11 AND deleted_at IS NULL"};
constexpr Statement kDeleteRoles{"users_delete_roles", "DELETE FROM user_roles WHERE user_id = $1"};
constexpr Statement kInsertRoles{"users_insert_roles",
                                 "INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM "
                                 "roles WHERE name = ANY($2::text[])"};
constexpr Statement kPermissionsOf{"users_permissions_of",
                                   "SELECT DISTINCT rp.permission FROM user_roles ur"
                                   " JOIN role_permissions rp ON rp.role_id = ur.role_id"
                                   " WHERE ur.user_id = $1 ORDER BY rp.permission"};
constexpr Statement kCount{"users_count", "SELECT count(*) FROM users WHERE deleted_at IS NULL"};
constexpr Statement kCountWithRole{"users_count_with_role",
                                   "SELECT count(*) FROM user_roles ur"
                                   " JOIN roles r ON r.id = ur.role_id"
                                   " JOIN users u ON u.id = ur.user_id"
                                   " WHERE r.name = $1 AND u.deleted_at IS NULL"};

constexpr const char* kEmailTaken = "Email is already registered.";

std::optional<domain::User> ReadUser(const PgResult& user, const PgResult& roles) {
  if (user.Rows() == 0) return std::nullopt;
  auto email = domain::Email::Parse(user.Text(0, 1));
  if (!email) throw std::runtime_error("PostgreSQL: a stored email address is not valid");
  domain::User result{.id = user.Text(0, 0),
                      .email = std::move(*email),
                      .display_name = user.Text(0, 2),
                      .password_hash = user.Text(0, 3),
                      .email_verified = user.Bool(0, 4),
                      .locked = user.Bool(0, 5),
                      .token_version = static_cast<int>(user.Int(0, 6)),
                      .failed_logins = static_cast<int>(user.Int(0, 7)),
                      .last_failed_login_at = user.OptionalTime(0, 8),
                      .locked_until = user.OptionalTime(0, 9),
                      .roles = {},
                      .created_at = user.Time(0, 10),
                      .updated_at = user.Time(0, 11)};
  for (int row = 0; row < roles.Rows(); ++row) result.roles.push_back(roles.Text(row, 0));
  return result;
}

}  // namespace

std::optional<domain::User> PgUserRepository::FindById(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  std::vector<Command> commands;
  commands.push_back({&kSelectById, ParamsOf(id)});
  commands.push_back({&kRolesById, ParamsOf(id)});
  const auto results = transaction_.Run(std::move(commands));
  return ReadUser(results[0], results[1]);
}

std::optional<domain::User> PgUserRepository::FindByIdForUpdate(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  std::vector<Command> commands;
  commands.push_back({&kSelectByIdForUpdate, ParamsOf(id)});
  commands.push_back({&kRolesById, ParamsOf(id)});
  const auto results = transaction_.Run(std::move(commands));
  return ReadUser(results[0], results[1]);
}

std::optional<domain::User> PgUserRepository::FindByEmail(const domain::Email& email) {
  std::vector<Command> commands;
  commands.push_back({&kSelectByEmail, ParamsOf(email.value())});
  commands.push_back({&kRolesByEmail, ParamsOf(email.value())});
  const auto results = transaction_.Run(std::move(commands));
  return ReadUser(results[0], results[1]);
}

domain::Result<void> PgUserRepository::Add(const domain::User& user) {
  const auto inserted = transaction_.Query(
      kInsert,
      ParamsOf(user.id, user.email.value(), user.display_name, user.password_hash,
               user.email_verified, user.locked, user.token_version, user.failed_logins,
               user.last_failed_login_at, user.locked_until, user.created_at, user.updated_at));
  if (inserted.Affected() == 0) return domain::Fail(domain::Error::Conflict(kEmailTaken));
  return {};
}

domain::Result<void> PgUserRepository::Update(const domain::User& user) {
  // A taken address fails the UPDATE, which would abort the whole transaction: the savepoint
  // confines the failure to this call (one round trip when it succeeds).
  std::vector<Command> commands;
  commands.push_back({&kSavepoint, {}});
  commands.push_back(
      {&kUpdate, ParamsOf(user.email.value(), user.display_name, user.password_hash,
                          user.email_verified, user.locked, user.token_version, user.failed_logins,
                          user.last_failed_login_at, user.locked_until, user.updated_at, user.id)});
  commands.push_back({&kReleaseSavepoint, {}});
  long long changed = 0;
  try {
    changed = transaction_.Run(std::move(commands))[1].Affected();
  } catch (const PgError& error) {
    if (!error.IsUniqueViolation() || error.constraint() != "users_email_key") throw;
    transaction_.Query(kRollbackSavepoint, {});
    transaction_.Query(kReleaseSavepoint, {});
    return domain::Fail(domain::Error::Conflict(kEmailTaken));
  }
  if (changed == 0) return domain::Fail(domain::Error::NotFound("User not found."));
  return {};
}

void PgUserRepository::SetRoles(std::string_view user_id,
                                const std::vector<std::string>& role_names) {
  std::vector<std::string> names = role_names;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<Command> commands;
  commands.push_back({&kDeleteRoles, ParamsOf(user_id)});
  commands.push_back({&kInsertRoles, ParamsOf(user_id, TextArray(names))});
  const auto results = transaction_.Run(std::move(commands));
  if (results[1].Affected() != static_cast<long long>(names.size())) {
    throw std::invalid_argument("SetRoles: a named role does not exist");
  }
}

std::vector<std::string> PgUserRepository::PermissionsOf(std::string_view user_id) {
  std::vector<std::string> permissions;
  if (!IsUuid(user_id)) return permissions;
  const auto result = transaction_.Query(kPermissionsOf, ParamsOf(user_id));
  for (int row = 0; row < result.Rows(); ++row) permissions.push_back(result.Text(row, 0));
  return permissions;
}

long long PgUserRepository::Count() { return transaction_.Query(kCount, {}).Int(0, 0); }

long long PgUserRepository::CountWithRole(std::string_view role_name) {
  return transaction_.Query(kCountWithRole, ParamsOf(role_name)).Int(0, 0);
}

}  // namespace rampart::infrastructure::postgres
