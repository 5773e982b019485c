#include "infrastructure/persistence/postgres/pg_service_account_repository.hpp"

#include <algorithm>
#include <stdexcept>

#include "infrastructure/persistence/permission_list.hpp"
#include "infrastructure/persistence/postgres/pg_error.hpp"
#include "infrastructure/persistence/postgres/pg_user_row.hpp"

namespace rampart::infrastructure::postgres {

namespace {

// The account's columns and its role names (text[], NULL when none).
#define RAMPART_ACCOUNT_SELECT                                                            \
  "SELECT a.id, a.name, a.description, a.client_id, a.secret_hash, a.disabled,"           \
  " a.token_version, extract(epoch from a.created_at)::bigint,"                           \
  " extract(epoch from a.updated_at)::bigint,"                                            \
  " (SELECT array_agg(r.name ORDER BY r.name) FROM service_account_roles sr JOIN roles r" \
  " ON r.id = sr.role_id WHERE sr.service_account_id = a.id) FROM service_accounts a"

constexpr Statement kById{"service_accounts_by_id", RAMPART_ACCOUNT_SELECT " WHERE a.id = $1"};
constexpr Statement kByIdForUpdate{"service_accounts_by_id_for_update",
                                   RAMPART_ACCOUNT_SELECT " WHERE a.id = $1 FOR UPDATE OF a"};
constexpr Statement kByClientId{"service_accounts_by_client_id",
                                RAMPART_ACCOUNT_SELECT " WHERE a.client_id = $1"};
constexpr Statement kList{"service_accounts_list", RAMPART_ACCOUNT_SELECT " ORDER BY a.name"};
// A taken name or client id inserts nothing (the caller answers 409) without aborting the
// transaction.
constexpr Statement kInsert{
    "service_accounts_insert",
    "INSERT INTO service_accounts (id, name, description, client_id, secret_hash, disabled,"
    " token_version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
    " to_timestamp($8), to_timestamp($9)) ON CONFLICT DO NOTHING"};
constexpr Statement kSavepoint{"service_accounts_savepoint", "SAVEPOINT service_accounts_update"};
constexpr Statement kReleaseSavepoint{"service_accounts_release_savepoint",
                                      "RELEASE SAVEPOINT service_accounts_update"};
constexpr Statement kRollbackSavepoint{"service_accounts_rollback_savepoint",
                                       "ROLLBACK TO SAVEPOINT service_accounts_update"};
constexpr Statement kUpdate{
    "service_accounts_update",
    "UPDATE service_accounts SET name = $2, description = $3, secret_hash = $4, disabled = $5,"
    " token_version = $6, updated_at = to_timestamp($7) WHERE id = $1"};
constexpr Statement kDeleteRoles{"service_accounts_delete_roles",
                                 "DELETE FROM service_account_roles WHERE service_account_id = $1"};
constexpr Statement kInsertRoles{"service_accounts_insert_roles",
                                 "INSERT INTO service_account_roles (service_account_id, role_id)"
                                 " SELECT $1, id FROM roles WHERE name = ANY($2::text[])"};
constexpr Statement kPermissionsOf{"service_accounts_permissions_of",
                                   "SELECT DISTINCT rp.permission FROM service_account_roles sr"
                                   " JOIN role_permissions rp ON rp.role_id = sr.role_id"
                                   " WHERE sr.service_account_id = $1 ORDER BY rp.permission"};
constexpr Statement kDelete{"service_accounts_delete",
                            "DELETE FROM service_accounts WHERE id = $1"};

domain::ServiceAccount ReadAccount(const PgResult& result, int row) {
  domain::ServiceAccount account{.id = result.Text(row, 0),
                                 .name = result.Text(row, 1),
                                 .description = result.Text(row, 2),
                                 .client_id = result.Text(row, 3),
                                 .secret_hash = result.Text(row, 4),
                                 .disabled = result.Bool(row, 5),
                                 .token_version = static_cast<int>(result.Int(row, 6)),
                                 .roles = {},
                                 .created_at = result.Time(row, 7),
                                 .updated_at = result.Time(row, 8)};
  if (!result.IsNull(row, 9)) account.roles = ParseTextArray(result.Text(row, 9));
  return account;
}

std::optional<domain::ServiceAccount> FirstAccount(const PgResult& result) {
  if (result.Rows() == 0) return std::nullopt;
  return ReadAccount(result, 0);
}

#define RAMPART_KEY_SELECT                                                             \
  "SELECT id, public_id, secret_hash, name, user_id, service_account_id, permissions," \
  " extract(epoch from expires_at)::bigint, extract(epoch from created_at)::bigint,"   \
  " extract(epoch from revoked_at)::bigint, extract(epoch from last_used_at)::bigint," \
  " last_used_ip FROM api_keys"

constexpr Statement kKeyInsert{
    "api_keys_insert",
    "INSERT INTO api_keys (id, public_id, secret_hash, name, user_id, service_account_id,"
    " permissions, expires_at, created_at, revoked_at, last_used_at, last_used_ip)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), to_timestamp($9), to_timestamp($10),"
    " to_timestamp($11), $12)"};
constexpr Statement kKeyById{"api_keys_by_id", RAMPART_KEY_SELECT " WHERE id = $1"};
constexpr Statement kKeyByPublicId{"api_keys_by_public_id",
                                   RAMPART_KEY_SELECT " WHERE public_id = $1"};
constexpr Statement kKeysByUser{"api_keys_by_user", RAMPART_KEY_SELECT
                                " WHERE user_id = $1 ORDER BY created_at DESC, seq DESC"};
constexpr Statement kKeysByAccount{"api_keys_by_service_account", RAMPART_KEY_SELECT
                                   " WHERE service_account_id = $1"
                                   " ORDER BY created_at DESC, seq DESC"};
constexpr Statement kKeyRevoke{"api_keys_revoke",
                               "UPDATE api_keys SET revoked_at = to_timestamp($2)"
                               " WHERE id = $1 AND revoked_at IS NULL"};
// One statement for a whole batch: the newest use of each key wins, an older one changes nothing.
constexpr Statement kKeyUses{
    "api_keys_record_uses",
    "UPDATE api_keys k SET last_used_at = to_timestamp(u.at), last_used_ip = u.ip"
    " FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS u(id, at, ip)"
    " WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at <= to_timestamp(u.at))"};

domain::ApiKey ReadKey(const PgResult& result, int row) {
  domain::ApiKey key{.id = result.Text(row, 0),
                     .public_id = result.Text(row, 1),
                     .secret_hash = result.Text(row, 2),
                     .name = result.Text(row, 3)};
  if (result.IsNull(row, 4)) {
    key.owner_kind = domain::PrincipalKind::kServiceAccount;
    key.owner_id = result.Text(row, 5);
  } else {
    key.owner_id = result.Text(row, 4);
  }
  if (!result.IsNull(row, 6)) key.permissions = SplitPermissionList(result.Text(row, 6));
  key.expires_at = result.OptionalTime(row, 7);
  key.created_at = result.Time(row, 8);
  key.revoked_at = result.OptionalTime(row, 9);
  key.last_used_at = result.OptionalTime(row, 10);
  key.last_used_ip = result.Text(row, 11);
  return key;
}

std::optional<std::string> NullParam() { return std::nullopt; }

}  // namespace

std::optional<domain::ServiceAccount> PgServiceAccountRepository::FindById(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  return FirstAccount(transaction_.Query(kById, ParamsOf(id)));
}

std::optional<domain::ServiceAccount> PgServiceAccountRepository::FindByIdForUpdate(
    std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  return FirstAccount(transaction_.Query(kByIdForUpdate, ParamsOf(id)));
}

std::optional<domain::ServiceAccount> PgServiceAccountRepository::FindByClientId(
    std::string_view client_id) {
  return FirstAccount(transaction_.Query(kByClientId, ParamsOf(client_id)));
}

std::vector<domain::ServiceAccount> PgServiceAccountRepository::List() {
  const auto result = transaction_.Query(kList, {});
  std::vector<domain::ServiceAccount> accounts;
  for (int row = 0; row < result.Rows(); ++row) accounts.push_back(ReadAccount(result, row));
  return accounts;
}

domain::Result<void> PgServiceAccountRepository::Add(const domain::ServiceAccount& account) {
  const auto inserted = transaction_.Query(
      kInsert, ParamsOf(account.id, account.name, account.description, account.client_id,
                        account.secret_hash, account.disabled, account.token_version,
                        account.created_at, account.updated_at));
  if (inserted.Affected() == 0) {
    return domain::Fail(domain::Error::Conflict("A service account with this name exists."));
  }
  return {};
}

domain::Result<void> PgServiceAccountRepository::Update(const domain::ServiceAccount& account) {
  if (!IsUuid(account.id)) return domain::Fail(domain::Error::NotFound("No such service account."));
  // A taken name fails the UPDATE, which would abort the whole transaction: the savepoint
  // confines the failure to this call (one round trip when it succeeds).
  std::vector<Command> commands;
  commands.push_back({&kSavepoint, {}});
  commands.push_back(
      {&kUpdate, ParamsOf(account.id, account.name, account.description, account.secret_hash,
                          account.disabled, account.token_version, account.updated_at)});
  commands.push_back({&kReleaseSavepoint, {}});
  long long changed = 0;
  try {
    changed = transaction_.Run(std::move(commands))[1].Affected();
  } catch (const PgError& error) {
    if (!error.IsUniqueViolation()) throw;
    transaction_.Query(kRollbackSavepoint, {});
    transaction_.Query(kReleaseSavepoint, {});
    return domain::Fail(domain::Error::Conflict("A service account with this name exists."));
  }
  if (changed == 0) return domain::Fail(domain::Error::NotFound("No such service account."));
  return {};
}

void PgServiceAccountRepository::SetRoles(std::string_view id,
                                          const std::vector<std::string>& role_names) {
  std::vector<std::string> names = role_names;
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::vector<Command> commands;
  commands.push_back({&kDeleteRoles, ParamsOf(id)});
  commands.push_back({&kInsertRoles, ParamsOf(id, TextArray(names))});
  const auto results = transaction_.Run(std::move(commands));
  if (results[1].Affected() != static_cast<long long>(names.size())) {
    throw std::invalid_argument("SetRoles: a named role does not exist");
  }
}

std::vector<std::string> PgServiceAccountRepository::PermissionsOf(std::string_view id) {
  std::vector<std::string> permissions;
  if (!IsUuid(id)) return permissions;
  const auto result = transaction_.Query(kPermissionsOf, ParamsOf(id));
  for (int row = 0; row < result.Rows(); ++row) permissions.push_back(result.Text(row, 0));
  return permissions;
}

bool PgServiceAccountRepository::Remove(std::string_view id) {
  if (!IsUuid(id)) return false;
  return transaction_.Query(kDelete, ParamsOf(id)).Affected() == 1;
}

void PgApiKeyRepository::Add(const domain::ApiKey& key) {
  const bool user = key.owner_kind == domain::PrincipalKind::kUser;
  Params params = ParamsOf(key.id, key.public_id, key.secret_hash, key.name);
  params.push_back(user ? Param(key.owner_id) : NullParam());
  params.push_back(user ? NullParam() : Param(key.owner_id));
  params.push_back(JoinPermissionList(key.permissions));
  for (auto& param : ParamsOf(key.expires_at, key.created_at, key.revoked_at, key.last_used_at,
                              key.last_used_ip)) {
    params.push_back(std::move(param));
  }
  transaction_.Query(kKeyInsert, std::move(params));
}

std::optional<domain::ApiKey> PgApiKeyRepository::FindById(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  const auto result = transaction_.Query(kKeyById, ParamsOf(id));
  if (result.Rows() == 0) return std::nullopt;
  return ReadKey(result, 0);
}

std::optional<domain::ApiKey> PgApiKeyRepository::FindByPublicId(std::string_view public_id) {
  const auto result = transaction_.Query(kKeyByPublicId, ParamsOf(public_id));
  if (result.Rows() == 0) return std::nullopt;
  return ReadKey(result, 0);
}

std::vector<domain::ApiKey> PgApiKeyRepository::ListByOwner(domain::PrincipalKind kind,
                                                            std::string_view owner_id) {
  std::vector<domain::ApiKey> keys;
  if (!IsUuid(owner_id)) return keys;
  const auto result = transaction_.Query(
      kind == domain::PrincipalKind::kUser ? kKeysByUser : kKeysByAccount, ParamsOf(owner_id));
  for (int row = 0; row < result.Rows(); ++row) keys.push_back(ReadKey(result, row));
  return keys;
}

bool PgApiKeyRepository::Revoke(std::string_view id, domain::TimePoint at) {
  if (!IsUuid(id)) return false;
  return transaction_.Query(kKeyRevoke, ParamsOf(id, at)).Affected() == 1;
}

void PgApiKeyRepository::RecordUses(const std::vector<application::ApiKeyUse>& uses) {
  std::vector<std::string> ids;
  std::vector<std::string> times;
  std::vector<std::string> ips;
  for (const auto& use : uses) {
    if (!IsUuid(use.key_id)) continue;
    ids.push_back(use.key_id);
    times.push_back(std::to_string(use.at.time_since_epoch().count()));
    ips.push_back(use.ip);
  }
  if (ids.empty()) return;
  transaction_.Query(kKeyUses, ParamsOf(TextArray(ids), TextArray(times), TextArray(ips)));
}

}  // namespace rampart::infrastructure::postgres
