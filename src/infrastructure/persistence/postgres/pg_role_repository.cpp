#include "infrastructure/persistence/postgres/pg_role_repository.hpp"

#include <algorithm>
#include <map>

#include "domain/permission.hpp"

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kByName{"roles_by_name",
                            "SELECT id, name, description, built_in FROM roles WHERE name = $1"};
constexpr Statement kPermissionsByName{
    "roles_permissions_by_name",
    "SELECT rp.permission FROM role_permissions rp JOIN roles r ON r.id = rp.role_id"
    " WHERE r.name = $1 ORDER BY rp.permission"};
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

domain::Role ReadRole(const PgResult& result, int row) {
  return domain::Role{.id = result.Text(row, 0),
                      .name = result.Text(row, 1),
                      .description = result.Text(row, 2),
                      .permissions = {},
                      .built_in = result.Bool(row, 3)};
}

}  // namespace

std::optional<domain::Role> PgRoleRepository::FindByName(std::string_view name) {
  std::vector<Command> commands;
  commands.push_back({&kByName, ParamsOf(name)});
  commands.push_back({&kPermissionsByName, ParamsOf(name)});
  const auto results = transaction_.Run(std::move(commands));
  if (results[0].Rows() == 0) return std::nullopt;
  auto role = ReadRole(results[0], 0);
  for (int row = 0; row < results[1].Rows(); ++row)
    role.permissions.push_back(results[1].Text(row, 0));
  return role;
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
  std::vector<std::string> permissions = role.permissions;
  std::sort(permissions.begin(), permissions.end());
  permissions.erase(std::unique(permissions.begin(), permissions.end()), permissions.end());
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
