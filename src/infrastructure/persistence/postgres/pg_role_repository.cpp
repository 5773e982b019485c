#include "infrastructure/persistence/postgres/pg_role_repository.hpp"

#include <algorithm>
#include <map>

#include "domain/permission.hpp"
#include "infrastructure/persistence/postgres/pg_error.hpp"

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kByName{"roles_by_name",
                            "SELECT id, name, description, built_in FROM roles WHERE name = $1"};
// Waits for a transaction that holds the row and reads the version it committed; the grants are
// read by the next statement of the same round trip, with a snapshot taken after that wait.
constexpr Statement kByNameForUpdate{
    "roles_by_name_for_update",
    "SELECT id, name, description, built_in FROM roles WHERE name = $1 FOR UPDATE"};
constexpr Statement kPermissionsByName{
    "roles_permissions_by_name",
    "SELECT rp.permission FROM role_permissions rp JOIN roles r ON r.id = rp.role_id"
    " WHERE r.name = $1 ORDER BY rp.permission"};
// FOR SHARE blocks a concurrent DELETE or rename of these rows until this transaction ends, and
// waits for one already in progress: at READ COMMITTED a row deleted or renamed meanwhile is then
// not returned, so what the caller assigns afterwards still exists (no foreign-key violation).
constexpr Statement kLockExisting{"roles_lock_existing",
                                  "SELECT name FROM roles WHERE name = ANY($1::text[])"
                                  " ORDER BY name FOR SHARE"};
constexpr Statement kById{"roles_by_id",
                          "SELECT id, name, description, built_in FROM roles WHERE id = $1"};
// As kByNameForUpdate. A grant in progress holds the row with FOR KEY SHARE (the foreign key of
// its role_permissions rows), which FOR UPDATE waits for: the grants read next are the new ones.
constexpr Statement kByIdForUpdate{
    "roles_by_id_for_update",
    "SELECT id, name, description, built_in FROM roles WHERE id = $1 FOR UPDATE"};
constexpr Statement kPermissionsById{
    "roles_permissions_by_id",
    "SELECT permission FROM role_permissions WHERE role_id = $1 ORDER BY permission"};
// ON CONFLICT on the name only: a duplicate id stays an error (a caller bug), and the
// transaction stays usable after a taken name.
constexpr Statement kInsert{"roles_insert",
                            "INSERT INTO roles (id, name, description, built_in)"
                            " VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING"};
constexpr Statement kSavepoint{"roles_savepoint", "SAVEPOINT roles_update"};
constexpr Statement kReleaseSavepoint{"roles_release_savepoint", "RELEASE SAVEPOINT roles_update"};
constexpr Statement kRollbackSavepoint{"roles_rollback_savepoint",
                                       "ROLLBACK TO SAVEPOINT roles_update"};
constexpr Statement kUpdate{"roles_update",
                            "UPDATE roles SET name = $2, description = $3 WHERE id = $1"};
// Grants and user assignments go with it (ON DELETE CASCADE).
constexpr Statement kDelete{"roles_delete", "DELETE FROM roles WHERE id = $1"};
constexpr Statement kList{"roles_list",
                          "SELECT id, name, description, built_in FROM roles ORDER BY name"};
constexpr Statement kAllGrants{
    "roles_all_grants",
    "SELECT role_id, permission FROM role_permissions ORDER BY role_id, permission"};
// Insert or update by name in one statement; the id of a new role is the given one or random.
constexpr Statement kUpsert{"roles_upsert",
                            "INSERT INTO roles (id, name, description, built_in)"
                            " VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4)"
                            " ON CONFLICT (name) DO UPDATE SET description = excluded.description,"
                            " built_in = excluded.built_in RETURNING id"};
constexpr Statement kDeleteGrants{"roles_delete_grants",
                                  "DELETE FROM role_permissions WHERE role_id = $1"};
constexpr Statement kInsertGrants{
    "roles_insert_grants",
    "INSERT INTO role_permissions (role_id, permission) SELECT $1, unnest($2::text[])"};
constexpr Statement kUpsertPermissions{
    "roles_upsert_permissions",
    "INSERT INTO permissions (name, description) SELECT * FROM unnest($1::text[], $2::text[])"
    " ON CONFLICT (name) DO UPDATE SET description = excluded.description"
    " WHERE permissions.description IS DISTINCT FROM excluded.description"};
// Grants go with them (ON DELETE CASCADE).
constexpr Statement kDeleteUnknownPermissions{
    "roles_delete_unknown_permissions",
    "DELETE FROM permissions WHERE NOT (name = ANY($1::text[]))"};

constexpr const char* kNameTaken = "A role with this name exists.";

domain::Role ReadRole(const PgResult& result, int row) {
  return domain::Role{.id = result.Text(row, 0),
                      .name = result.Text(row, 1),
                      .description = result.Text(row, 2),
                      .permissions = {},
                      .built_in = result.Bool(row, 3)};
}

}  // namespace

std::optional<domain::Role> PgRoleRepository::FindByName(std::string_view name) {
  return FindByNameWith(kByName, name);
}

std::optional<domain::Role> PgRoleRepository::FindByNameForUpdate(std::string_view name) {
  return FindByNameWith(kByNameForUpdate, name);
}

std::optional<domain::Role> PgRoleRepository::FindByNameWith(const Statement& role_statement,
                                                             std::string_view name) {
  std::vector<Command> commands;
  commands.push_back({&role_statement, ParamsOf(name)});
  commands.push_back({&kPermissionsByName, ParamsOf(name)});
  const auto results = transaction_.Run(std::move(commands));
  if (results[0].Rows() == 0) return std::nullopt;
  auto role = ReadRole(results[0], 0);
  for (int row = 0; row < results[1].Rows(); ++row)
    role.permissions.push_back(results[1].Text(row, 0));
  return role;
}

std::optional<domain::Role> PgRoleRepository::FindById(std::string_view id) {
  return FindByIdWith(kById, id);
}

std::optional<domain::Role> PgRoleRepository::FindByIdForUpdate(std::string_view id) {
  return FindByIdWith(kByIdForUpdate, id);
}

std::optional<domain::Role> PgRoleRepository::FindByIdWith(const Statement& role_statement,
                                                           std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  std::vector<Command> commands;
  commands.push_back({&role_statement, ParamsOf(id)});
  commands.push_back({&kPermissionsById, ParamsOf(id)});
  const auto results = transaction_.Run(std::move(commands));
  if (results[0].Rows() == 0) return std::nullopt;
  auto role = ReadRole(results[0], 0);
  for (int row = 0; row < results[1].Rows(); ++row)
    role.permissions.push_back(results[1].Text(row, 0));
  return role;
}

std::vector<std::string> PgRoleRepository::LockExisting(const std::vector<std::string>& names) {
  const auto result = transaction_.Query(kLockExisting, ParamsOf(TextArray(names)));
  std::vector<std::string> existing;
  existing.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) existing.push_back(result.Text(row, 0));
  std::sort(existing.begin(), existing.end());  // byte order, whatever the collation
  return existing;
}

domain::Result<void> PgRoleRepository::Add(const domain::Role& role) {
  read_ahead_.ForgetUser();
  const auto inserted =
      transaction_.Query(kInsert, ParamsOf(role.id, role.name, role.description, role.built_in));
  if (inserted.Affected() == 0) return domain::Fail(domain::Error::Conflict(kNameTaken));
  SetPermissions(role.id, role.permissions);
  return {};
}

domain::Result<void> PgRoleRepository::Update(const domain::Role& role) {
  read_ahead_.ForgetUser();
  if (!IsUuid(role.id)) return domain::Fail(domain::Error::NotFound("No role with this id."));
  // A taken name fails the UPDATE, which would abort the whole transaction: the savepoint
  // confines the failure to this call (one round trip when it succeeds).
  std::vector<Command> commands;
  commands.push_back({&kSavepoint, {}});
  commands.push_back({&kUpdate, ParamsOf(role.id, role.name, role.description)});
  commands.push_back({&kReleaseSavepoint, {}});
  long long changed = 0;
  try {
    changed = transaction_.Run(std::move(commands))[1].Affected();
  } catch (const PgError& error) {
    if (!error.IsUniqueViolation() || error.constraint() != "roles_name_key") throw;
    transaction_.Query(kRollbackSavepoint, {});
    transaction_.Query(kReleaseSavepoint, {});
    return domain::Fail(domain::Error::Conflict(kNameTaken));
  }
  if (changed == 0) return domain::Fail(domain::Error::NotFound("No role with this id."));
  return {};
}

void PgRoleRepository::SetPermissions(std::string_view role_id,
                                      const std::vector<std::string>& permissions) {
  read_ahead_.ForgetUser();
  const auto names = domain::NormalizePermissionNames(permissions);
  std::vector<Command> commands;
  commands.push_back({&kDeleteGrants, ParamsOf(role_id)});
  commands.push_back({&kInsertGrants, ParamsOf(role_id, TextArray(names))});
  transaction_.Run(std::move(commands));
}

bool PgRoleRepository::Remove(std::string_view role_id) {
  read_ahead_.ForgetUser();
  if (!IsUuid(role_id)) return false;
  return transaction_.Query(kDelete, ParamsOf(role_id)).Affected() > 0;
}

std::vector<domain::Role> PgRoleRepository::List() {
  std::vector<Command> commands;
  commands.push_back({&kList, {}});
  commands.push_back({&kAllGrants, {}});
  const auto results = transaction_.Run(std::move(commands));
  std::vector<domain::Role> roles;
  std::map<std::string, std::size_t, std::less<>> index_by_id;
  for (int row = 0; row < results[0].Rows(); ++row) {
    index_by_id.emplace(results[0].Text(row, 0), roles.size());
    roles.push_back(ReadRole(results[0], row));
  }
  for (int row = 0; row < results[1].Rows(); ++row) {
    const auto it = index_by_id.find(results[1].Text(row, 0));
    if (it != index_by_id.end()) roles[it->second].permissions.push_back(results[1].Text(row, 1));
  }
  return roles;
}

domain::Role PgRoleRepository::Upsert(const domain::Role& role) {
  read_ahead_.ForgetUser();
  auto permissions = domain::NormalizePermissionNames(role.permissions);
  Params upsert{role.id.empty() ? std::nullopt : Param(role.id), Param(role.name),
                Param(role.description), Param(role.built_in)};
  auto id = transaction_.Query(kUpsert, std::move(upsert)).Text(0, 0);
  std::vector<Command> commands;
  commands.push_back({&kDeleteGrants, ParamsOf(id)});
  commands.push_back({&kInsertGrants, ParamsOf(id, TextArray(permissions))});
  transaction_.Run(std::move(commands));
  return domain::Role{.id = std::move(id),
                      .name = role.name,
                      .description = role.description,
                      .permissions = std::move(permissions),
                      .built_in = role.built_in};
}

void PgRoleRepository::SyncPermissions() {
  read_ahead_.ForgetUser();
  std::vector<std::string> names;
  std::vector<std::string> descriptions;
  for (const auto& permission : domain::PermissionCatalogue()) {
    names.emplace_back(permission.name);
    descriptions.emplace_back(permission.description);
  }
  std::vector<Command> commands;
  commands.push_back({&kUpsertPermissions, ParamsOf(TextArray(names), TextArray(descriptions))});
  commands.push_back({&kDeleteUnknownPermissions, ParamsOf(TextArray(names))});
  transaction_.Run(std::move(commands));
}

}  // namespace rampart::infrastructure::postgres
