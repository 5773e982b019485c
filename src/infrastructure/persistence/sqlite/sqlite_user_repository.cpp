#include "infrastructure/persistence/sqlite/sqlite_user_repository.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "infrastructure/sqlite/sqlite_error.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

constexpr const char* kSelectById =
    "SELECT id, email, display_name, password_hash, email_verified, locked, token_version,"
    " failed_logins, last_failed_login_at, locked_until, created_at, updated_at"
    " FROM users WHERE id = ? AND deleted_at IS NULL";
constexpr const char* kSelectByEmail =
    "SELECT id, email, display_name, password_hash, email_verified, locked, token_version,"
    " failed_logins, last_failed_login_at, locked_until, created_at, updated_at"
    " FROM users WHERE email = ? AND deleted_at IS NULL";

constexpr const char* kUserColumns =
    "u.id, u.email, u.display_name, u.password_hash, u.email_verified, u.locked,"
    " u.token_version, u.failed_logins, u.last_failed_login_at, u.locked_until, u.created_at,"
    " u.updated_at";

// The list's filters over `users u`; ?1 is the LIKE pattern, ?2 the role name. Only constant
// fragments are ever concatenated: every value is a bound parameter.
std::string ListWhere(const application::UserListQuery& query) {
  std::string where = " FROM users u WHERE u.deleted_at IS NULL";
  if (!query.search.empty()) {
    where += " AND (u.email LIKE ?1 ESCAPE '\\' OR u.display_name LIKE ?1 ESCAPE '\\')";
  }
  if (!query.role.empty()) {
    where +=
        " AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
        " WHERE ur.user_id = u.id AND r.name = ?2)";
  }
  return where;
}

std::string ListOrder(const application::UserListQuery& query) {
  const char* direction = query.descending ? " DESC" : " ASC";
  std::string column;
  switch (query.sort) {
    case application::UserListQuery::SortField::kCreatedAt:
      column = "u.created_at";
      break;
    case application::UserListQuery::SortField::kEmail:
      column = "u.email COLLATE NOCASE";
      break;
    case application::UserListQuery::SortField::kDisplayName:
      column = "u.display_name COLLATE NOCASE";
      break;
  }
  return " ORDER BY " + column + direction + ", u.id" + direction;
}

// `term` as a LIKE pattern matching it anywhere, literally (its wildcards escaped with \).
std::string ContainsPattern(std::string_view term) {
  std::string pattern = "%";
  for (char c : term) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

constexpr const char* kEmailTaken = "Email is already registered.";

// Only the email index is an expected conflict; a duplicate id is a caller bug and stays an
// exception.
bool IsEmailConflict(const SqliteError& error) {
  return error.IsUniqueViolation() &&
         std::string_view(error.what()).find("users.email") != std::string_view::npos;
}

}  // namespace

std::optional<domain::User> SqliteUserRepository::FindById(std::string_view id) {
  std::optional<domain::User> user;
  {
    auto query = connection_.Prepare(kSelectById);
    query.Bind(1, id);
    user = ReadOne(query);
  }
  if (user) user->roles = RoleNamesOf(user->id);
  return user;
}

std::optional<domain::User> SqliteUserRepository::FindByEmail(const domain::Email& email) {
  std::optional<domain::User> user;
  {
    auto query = connection_.Prepare(kSelectByEmail);
    query.Bind(1, email.value());
    user = ReadOne(query);
  }
  if (user) user->roles = RoleNamesOf(user->id);
  return user;
}

std::optional<domain::User> SqliteUserRepository::ReadOne(Query& query) {
  if (!query.Next()) return std::nullopt;
  return domain::User{
      .id = query.Text(0),
      .email = domain::Email::FromStored(query.Text(1)),
      .display_name = query.Text(2),
      .password_hash = query.Text(3),
      .email_verified = query.Bool(4),
      .locked = query.Bool(5),
      .token_version = static_cast<int>(query.Int(6)),
      .failed_logins = static_cast<int>(query.Int(7)),
      .last_failed_login_at = query.OptionalTime(8),
      .locked_until = query.OptionalTime(9),
      .roles = {},
      .created_at = query.Time(10),
      .updated_at = query.Time(11),
  };
}

std::vector<std::string> SqliteUserRepository::RoleNamesOf(std::string_view user_id) {
  auto query = connection_.Prepare(
      "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id"
      " WHERE ur.user_id = ? ORDER BY r.name");
  query.Bind(1, user_id);
  std::vector<std::string> names;
  while (query.Next()) names.push_back(query.Text(0));
  return names;
}

domain::Result<void> SqliteUserRepository::Add(const domain::User& user) {
  try {
    connection_
        .Prepare(
            "INSERT INTO users (id, email, display_name, password_hash, email_verified, locked,"
            " token_version, failed_logins, last_failed_login_at, locked_until, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .BindAll(user.id, user.email.value(), user.display_name, user.password_hash,
                 user.email_verified, user.locked, user.token_version, user.failed_logins,
                 user.last_failed_login_at, user.locked_until, user.created_at, user.updated_at)
        .Execute();
  } catch (const SqliteError& error) {
    if (IsEmailConflict(error)) return domain::Fail(domain::Error::Conflict(kEmailTaken));
    throw;
  }
  return {};
}

domain::Result<void> SqliteUserRepository::Update(const domain::User& user) {
  int changed = 0;
  try {
    changed = connection_
                  .Prepare(
                      "UPDATE users SET email = ?, display_name = ?, password_hash = ?,"
                      " email_verified = ?, locked = ?, token_version = ?, failed_logins = ?,"
                      " last_failed_login_at = ?, locked_until = ?, updated_at = ?"
                      " WHERE id = ? AND deleted_at IS NULL")
                  .BindAll(user.email.value(), user.display_name, user.password_hash,
                           user.email_verified, user.locked, user.token_version, user.failed_logins,
                           user.last_failed_login_at, user.locked_until, user.updated_at, user.id)
                  .Execute();
  } catch (const SqliteError& error) {
    if (IsEmailConflict(error)) return domain::Fail(domain::Error::Conflict(kEmailTaken));
    throw;
  }
  if (changed == 0) return domain::Fail(domain::Error::NotFound("User not found."));
  return {};
}

void SqliteUserRepository::SetRoles(std::string_view user_id,
                                    const std::vector<std::string>& role_names) {
  std::vector<std::string> names = role_names;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  connection_.Prepare("DELETE FROM user_roles WHERE user_id = ?").Bind(1, user_id).Execute();
  for (const auto& name : names) {
    const int inserted = connection_
                             .Prepare(
                                 "INSERT INTO user_roles (user_id, role_id)"
                                 " SELECT ?, id FROM roles WHERE name = ?")
                             .BindAll(user_id, name)
                             .Execute();
    if (inserted == 0) throw std::invalid_argument("SetRoles: a named role does not exist");
  }
}

std::vector<std::string> SqliteUserRepository::PermissionsOf(std::string_view user_id) {
  auto query = connection_.Prepare(
      "SELECT DISTINCT rp.permission FROM user_roles ur"
      " JOIN role_permissions rp ON rp.role_id = ur.role_id"
      " WHERE ur.user_id = ? ORDER BY rp.permission");
  query.Bind(1, user_id);
  std::vector<std::string> permissions;
  while (query.Next()) permissions.push_back(query.Text(0));
  return permissions;
}

long long SqliteUserRepository::Count() {
  auto query = connection_.Prepare("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL");
  query.Next();
  return query.Int(0);
}

std::vector<application::StoredEmail> SqliteUserRepository::ListNonAsciiEmails() {
  // length() of text counts characters, of a blob bytes: they differ exactly for non-ASCII.
  auto query = connection_.Prepare(
      "SELECT id, email FROM users WHERE deleted_at IS NULL"
      " AND length(CAST(email AS BLOB)) <> length(email) ORDER BY created_at, id");
  std::vector<application::StoredEmail> found;
  while (query.Next()) found.push_back({query.Text(0), query.Text(1)});
  return found;
}

long long SqliteUserRepository::CountWithRole(std::string_view role_name) {
  auto query = connection_.Prepare(
      "SELECT COUNT(*) FROM user_roles ur"
      " JOIN roles r ON r.id = ur.role_id"
      " JOIN users u ON u.id = ur.user_id"
      " WHERE r.name = ? AND u.deleted_at IS NULL");
  query.Bind(1, role_name);
  query.Next();
  return query.Int(0);
}

long long SqliteUserRepository::CountActiveWithRoleForUpdate(std::string_view role_name) {
  auto query = connection_.Prepare(
      "SELECT COUNT(*) FROM user_roles ur"
      " JOIN roles r ON r.id = ur.role_id"
      " JOIN users u ON u.id = ur.user_id"
      " WHERE r.name = ? AND u.deleted_at IS NULL AND u.locked = 0");
  query.Bind(1, role_name);
  query.Next();
  return query.Int(0);
}

application::UserListPage SqliteUserRepository::List(const application::UserListQuery& query) {
  const auto where = ListWhere(query);
  const auto pattern = ContainsPattern(query.search);
  auto bind_filters = [&](Query& statement) {
    if (!query.search.empty()) statement.Bind(1, pattern);
    if (!query.role.empty()) statement.Bind(2, query.role);
  };
  application::UserListPage page;
  {
    auto statement = connection_.Prepare(std::string("SELECT ") + kUserColumns + where +
                                         ListOrder(query) + " LIMIT ?3 OFFSET ?4");
    bind_filters(statement);
    statement.Bind(3, query.limit).Bind(4, query.offset);
    while (auto user = ReadOne(statement)) page.items.push_back(std::move(*user));
  }
  for (auto& user : page.items) user.roles = RoleNamesOf(user.id);
  // A short page that is not past the end holds the last matches: the total needs no count.
  const auto listed = static_cast<long long>(page.items.size());
  if (listed < query.limit && (listed > 0 || query.offset == 0)) {
    page.total = query.offset + listed;
    return page;
  }
  auto count = connection_.Prepare("SELECT COUNT(*)" + where);
  bind_filters(count);
  count.Next();
  page.total = count.Int(0);
  return page;
}

bool SqliteUserRepository::SoftDelete(std::string_view id, domain::TimePoint at) {
  return connection_
             .Prepare(
                 "UPDATE users SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS "
                 "NULL")
             .BindAll(at, at, id)
             .Execute() > 0;
}

}  // namespace rampart::infrastructure::sqlite
