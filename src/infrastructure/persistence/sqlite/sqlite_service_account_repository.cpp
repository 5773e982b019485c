#include "infrastructure/persistence/sqlite/sqlite_service_account_repository.hpp"

#include <algorithm>
#include <stdexcept>

#include "infrastructure/persistence/permission_list.hpp"
#include "infrastructure/sqlite/sqlite_error.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

constexpr const char* kAccountColumns =
    "id, name, description, client_id, secret_hash, disabled, token_version, created_at,"
    " updated_at";
constexpr const char* kNameTaken = "A service account with this name exists.";

domain::ServiceAccount ReadAccount(const Query& query) {
  return domain::ServiceAccount{.id = query.Text(0),
                                .name = query.Text(1),
                                .description = query.Text(2),
                                .client_id = query.Text(3),
                                .secret_hash = query.Text(4),
                                .disabled = query.Bool(5),
                                .token_version = static_cast<int>(query.Int(6)),
                                .roles = {},
                                .created_at = query.Time(7),
                                .updated_at = query.Time(8)};
}

constexpr const char* kKeyColumns =
    "id, public_id, secret_hash, name, user_id, service_account_id, permissions, expires_at,"
    " created_at, revoked_at, last_used_at, last_used_ip";

domain::ApiKey ReadKey(const Query& query) {
  domain::ApiKey key{.id = query.Text(0),
                     .public_id = query.Text(1),
                     .secret_hash = query.Text(2),
                     .name = query.Text(3)};
  if (query.IsNull(4)) {
    key.owner_kind = domain::PrincipalKind::kServiceAccount;
    key.owner_id = query.Text(5);
  } else {
    key.owner_id = query.Text(4);
  }
  if (!query.IsNull(6)) key.permissions = SplitPermissionList(query.Text(6));
  key.expires_at = query.OptionalTime(7);
  key.created_at = query.Time(8);
  key.revoked_at = query.OptionalTime(9);
  key.last_used_at = query.OptionalTime(10);
  key.last_used_ip = query.Text(11);
  return key;
}

}  // namespace

std::vector<std::string> SqliteServiceAccountRepository::RolesOf(std::string_view id) {
  auto query = connection_.Prepare(
      "SELECT r.name FROM service_account_roles sr JOIN roles r ON r.id = sr.role_id"
      " WHERE sr.service_account_id = ? ORDER BY r.name");
  query.Bind(1, id);
  std::vector<std::string> roles;
  while (query.Next()) roles.push_back(query.Text(0));
  return roles;
}

std::optional<domain::ServiceAccount> SqliteServiceAccountRepository::FindWhere(
    const char* column, std::string_view value) {
  auto query = connection_.Prepare(std::string("SELECT ") + kAccountColumns +
                                   " FROM service_accounts WHERE " + column + " = ?");
  query.Bind(1, value);
  if (!query.Next()) return std::nullopt;
  auto account = ReadAccount(query);
  account.roles = RolesOf(account.id);
  return account;
}

std::optional<domain::ServiceAccount> SqliteServiceAccountRepository::FindById(
    std::string_view id) {
  return FindWhere("id", id);
}

std::optional<domain::ServiceAccount> SqliteServiceAccountRepository::FindByClientId(
    std::string_view client_id) {
  return FindWhere("client_id", client_id);
}

std::vector<domain::ServiceAccount> SqliteServiceAccountRepository::List() {
  std::vector<domain::ServiceAccount> accounts;
  {
    auto query = connection_.Prepare(std::string("SELECT ") + kAccountColumns +
                                     " FROM service_accounts ORDER BY name");
    while (query.Next()) accounts.push_back(ReadAccount(query));
  }
  for (auto& account : accounts) account.roles = RolesOf(account.id);
  return accounts;
}

domain::Result<void> SqliteServiceAccountRepository::Add(const domain::ServiceAccount& account) {
  try {
    connection_
        .Prepare(
            "INSERT INTO service_accounts (id, name, description, client_id, secret_hash,"
            " disabled, token_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .BindAll(account.id, account.name, account.description, account.client_id,
                 account.secret_hash, account.disabled, account.token_version, account.created_at,
                 account.updated_at)
        .Execute();
  } catch (const SqliteError& error) {
    if (error.IsUniqueViolation()) return domain::Fail(domain::Error::Conflict(kNameTaken));
    throw;
  }
  return {};
}

domain::Result<void> SqliteServiceAccountRepository::Update(const domain::ServiceAccount& account) {
  try {
    const int changed =
        connection_
            .Prepare(
                "UPDATE service_accounts SET name = ?, description = ?, secret_hash = ?,"
                " disabled = ?, token_version = ?, updated_at = ? WHERE id = ?")
            .BindAll(account.name, account.description, account.secret_hash, account.disabled,
                     account.token_version, account.updated_at, account.id)
            .Execute();
    if (changed == 0) return domain::Fail(domain::Error::NotFound("No such service account."));
  } catch (const SqliteError& error) {
    if (error.IsUniqueViolation()) return domain::Fail(domain::Error::Conflict(kNameTaken));
    throw;
  }
  return {};
}

void SqliteServiceAccountRepository::SetRoles(std::string_view id,
                                              const std::vector<std::string>& role_names) {
  std::vector<std::string> names = role_names;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  connection_.Prepare("DELETE FROM service_account_roles WHERE service_account_id = ?")
      .Bind(1, id)
      .Execute();
  for (const auto& name : names) {
    const int inserted = connection_
                             .Prepare(
                                 "INSERT INTO service_account_roles (service_account_id, role_id)"
                                 " SELECT ?, id FROM roles WHERE name = ?")
                             .BindAll(id, name)
                             .Execute();
    if (inserted == 0) throw std::invalid_argument("SetRoles: a named role does not exist");
  }
}

std::vector<std::string> SqliteServiceAccountRepository::PermissionsOf(std::string_view id) {
  auto query = connection_.Prepare(
      "SELECT DISTINCT rp.permission FROM service_account_roles sr"
      " JOIN role_permissions rp ON rp.role_id = sr.role_id"
      " WHERE sr.service_account_id = ? ORDER BY rp.permission");
  query.Bind(1, id);
  std::vector<std::string> permissions;
  while (query.Next()) permissions.push_back(query.Text(0));
  return permissions;
}

bool SqliteServiceAccountRepository::Remove(std::string_view id) {
  return connection_.Prepare("DELETE FROM service_accounts WHERE id = ?").Bind(1, id).Execute() ==
         1;
}

void SqliteApiKeyRepository::Add(const domain::ApiKey& key) {
  const bool user = key.owner_kind == domain::PrincipalKind::kUser;
  auto query = connection_.Prepare(
      "INSERT INTO api_keys (id, public_id, secret_hash, name, user_id, service_account_id,"
      " permissions, expires_at, created_at, revoked_at, last_used_at, last_used_ip)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  query.BindAll(key.id, key.public_id, key.secret_hash, key.name);
  if (user) {
    query.Bind(5, key.owner_id).BindNull(6);
  } else {
    query.BindNull(5).Bind(6, key.owner_id);
  }
  if (const auto permissions = JoinPermissionList(key.permissions)) {
    query.Bind(7, *permissions);
  } else {
    query.BindNull(7);
  }
  query.Bind(8, key.expires_at)
      .Bind(9, key.created_at)
      .Bind(10, key.revoked_at)
      .Bind(11, key.last_used_at)
      .Bind(12, key.last_used_ip)
      .Execute();
}

std::optional<domain::ApiKey> SqliteApiKeyRepository::FindById(std::string_view id) {
  static const std::string sql =
      std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE id = ?";
  auto query = connection_.Prepare(sql);
  query.Bind(1, id);
  if (!query.Next()) return std::nullopt;
  return ReadKey(query);
}

std::optional<domain::ApiKey> SqliteApiKeyRepository::FindByPublicId(std::string_view public_id) {
  static const std::string sql =
      std::string("SELECT ") + kKeyColumns + " FROM api_keys WHERE public_id = ?";
  auto query = connection_.Prepare(sql);
  query.Bind(1, public_id);
  if (!query.Next()) return std::nullopt;
  return ReadKey(query);
}

std::vector<domain::ApiKey> SqliteApiKeyRepository::ListByOwner(domain::PrincipalKind kind,
                                                                std::string_view owner_id) {
  // rowid breaks ties between keys made within the same second: later insert first.
  static const std::string by_user = std::string("SELECT ") + kKeyColumns +
                                     " FROM api_keys WHERE user_id = ?"
                                     " ORDER BY created_at DESC, rowid DESC";
  static const std::string by_account = std::string("SELECT ") + kKeyColumns +
                                        " FROM api_keys WHERE service_account_id = ?"
                                        " ORDER BY created_at DESC, rowid DESC";
  auto query = connection_.Prepare(kind == domain::PrincipalKind::kUser ? by_user : by_account);
  query.Bind(1, owner_id);
  std::vector<domain::ApiKey> keys;
  while (query.Next()) keys.push_back(ReadKey(query));
  return keys;
}

bool SqliteApiKeyRepository::Revoke(std::string_view id, domain::TimePoint at) {
  return connection_
             .Prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
             .BindAll(at, id)
             .Execute() == 1;
}

void SqliteApiKeyRepository::RecordUses(const std::vector<application::ApiKeyUse>& uses) {
  for (const auto& use : uses) {
    connection_
        .Prepare(
            "UPDATE api_keys SET last_used_at = ?, last_used_ip = ?"
            " WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)")
        .BindAll(use.at, use.ip, use.key_id, use.at)
        .Execute();
  }
}

}  // namespace rampart::infrastructure::sqlite
