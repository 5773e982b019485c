#include "infrastructure/persistence/sqlite/sqlite_role_repository.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "domain/permission.hpp"
#include "infrastructure/persistence/sqlite/random_uuid.hpp"
#include "infrastructure/sqlite/sqlite_error.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

constexpr const char* kNameTaken = "A role with this name exists.";

// Only the name index is an expected conflict; a duplicate id is a caller bug.
bool IsNameConflict(const SqliteError& error) {
  return error.IsUniqueViolation() &&
         std::string_view(error.what()).find("roles.name") != std::string_view::npos;
}

}  // namespace

std::optional<domain::Role> SqliteRoleRepository::FindWhere(const char* sql,
                                                            std::string_view value) {
  std::optional<domain::Role> role;
  {
    auto query = connection_.Prepare(sql);
    query.Bind(1, value);
    if (!query.Next()) return std::nullopt;
    role = domain::Role{.id = query.Text(0),
                        .name = query.Text(1),
                        .description = query.Text(2),
                        .permissions = {},
                        .built_in = query.Bool(3)};
  }
  role->permissions = PermissionsOf(role->id);
  return role;
}

std::optional<domain::Role> SqliteRoleRepository::FindByName(std::string_view name) {
  return FindWhere("SELECT id, name, description, built_in FROM roles WHERE name = ?", name);
}

std::optional<domain::Role> SqliteRoleRepository::FindById(std::string_view id) {
  return FindWhere("SELECT id, name, description, built_in FROM roles WHERE id = ?", id);
}

// No row locks in SQLite: write units of work hold the database's single write lock from
// BEGIN IMMEDIATE on, so no other writer can delete or rename the roles until this one ends.
std::vector<std::string> SqliteRoleRepository::LockExisting(const std::vector<std::string>& names) {
  std::vector<std::string> existing;
  for (const auto& name : domain::NormalizePermissionNames(names)) {
    auto query = connection_.Prepare("SELECT 1 FROM roles WHERE name = ?");
    query.Bind(1, name);
    if (query.Next()) existing.push_back(name);
  }
  return existing;
}

domain::Result<void> SqliteRoleRepository::Add(const domain::Role& role) {
  try {
    connection_.Prepare("INSERT INTO roles (id, name, description, built_in) VALUES (?, ?, ?, ?)")
        .BindAll(role.id, role.name, role.description, role.built_in)
        .Execute();
  } catch (const SqliteError& error) {
    if (IsNameConflict(error)) return domain::Fail(domain::Error::Conflict(kNameTaken));
    throw;
  }
  SetPermissions(role.id, role.permissions);
  return {};
}

domain::Result<void> SqliteRoleRepository::Update(const domain::Role& role) {
  int changed = 0;
  try {
    changed = connection_.Prepare("UPDATE roles SET name = ?, description = ? WHERE id = ?")
                  .BindAll(role.name, role.description, role.id)
                  .Execute();
  } catch (const SqliteError& error) {
    if (IsNameConflict(error)) return domain::Fail(domain::Error::Conflict(kNameTaken));
    throw;
  }
  if (changed == 0) return domain::Fail(domain::Error::NotFound("No role with this id."));
  return {};
}

void SqliteRoleRepository::SetPermissions(std::string_view role_id,
                                          const std::vector<std::string>& permissions) {
  connection_.Prepare("DELETE FROM role_permissions WHERE role_id = ?").Bind(1, role_id).Execute();
  for (const auto& permission : domain::NormalizePermissionNames(permissions)) {
    connection_.Prepare("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)")
        .BindAll(role_id, permission)
        .Execute();
  }
}

bool SqliteRoleRepository::Remove(std::string_view role_id) {
  // Grants and user assignments go with it (ON DELETE CASCADE).
  return connection_.Prepare("DELETE FROM roles WHERE id = ?").Bind(1, role_id).Execute() > 0;
}

std::vector<domain::Role> SqliteRoleRepository::List() {
  std::vector<domain::Role> roles;
  std::map<std::string, std::size_t, std::less<>> index_by_id;
  {
    auto query =
        connection_.Prepare("SELECT id, name, description, built_in FROM roles ORDER BY name");
    while (query.Next()) {
      index_by_id.emplace(query.Text(0), roles.size());
      roles.push_back({.id = query.Text(0),
                       .name = query.Text(1),
                       .description = query.Text(2),
                       .permissions = {},
                       .built_in = query.Bool(3)});
    }
  }
  // One query for every grant instead of one per role.
  auto grants = connection_.Prepare(
      "SELECT role_id, permission FROM role_permissions ORDER BY role_id, permission");
  while (grants.Next()) {
    const auto it = index_by_id.find(grants.Text(0));
    if (it != index_by_id.end()) roles[it->second].permissions.push_back(grants.Text(1));
  }
  return roles;
}

domain::Role SqliteRoleRepository::Upsert(const domain::Role& role) {
  std::string id;
  {
    auto existing = connection_.Prepare("SELECT id FROM roles WHERE name = ?");
    existing.Bind(1, role.name);
    if (existing.Next()) id = existing.Text(0);
  }
  if (id.empty()) {
    id = role.id.empty() ? RandomUuid() : role.id;
    connection_.Prepare("INSERT INTO roles (id, name, description, built_in) VALUES (?, ?, ?, ?)")
        .BindAll(id, role.name, role.description, role.built_in)
        .Execute();
  } else {
    connection_.Prepare("UPDATE roles SET description = ?, built_in = ? WHERE id = ?")
        .BindAll(role.description, role.built_in, id)
        .Execute();
    connection_.Prepare("DELETE FROM role_permissions WHERE role_id = ?").Bind(1, id).Execute();
  }
  auto permissions = domain::NormalizePermissionNames(role.permissions);
  for (const auto& permission : permissions) {
    connection_.Prepare("INSERT INTO role_permissions (role_id, permission) VALUES (?, ?)")
        .BindAll(id, permission)
        .Execute();
  }
  return domain::Role{.id = std::move(id),
                      .name = role.name,
                      .description = role.description,
                      .permissions = std::move(permissions),
                      .built_in = role.built_in};
}

void SqliteRoleRepository::SyncPermissions() {
  const auto catalogue = domain::PermissionCatalogue();
  for (const auto& permission : catalogue) {
    connection_
        .Prepare(
            "INSERT INTO permissions (name, description) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET description = excluded.description"
            " WHERE description IS NOT excluded.description")
        .BindAll(permission.name, permission.description)
        .Execute();
  }
  std::vector<std::string> unknown;
  {
    auto query = connection_.Prepare("SELECT name FROM permissions");
    while (query.Next()) {
      auto name = query.Text(0);
      if (!domain::IsKnownPermission(name)) unknown.push_back(std::move(name));
    }
  }
  // Grants go with them (ON DELETE CASCADE).
  for (const auto& name : unknown) {
    connection_.Prepare("DELETE FROM permissions WHERE name = ?").Bind(1, name).Execute();
  }
}

std::vector<std::string> SqliteRoleRepository::PermissionsOf(std::string_view role_id) {
  auto query = connection_.Prepare(
      "SELECT permission FROM role_permissions WHERE role_id = ? ORDER BY permission");
  query.Bind(1, role_id);
  std::vector<std::string> permissions;
  while (query.Next()) permissions.push_back(query.Text(0));
  return permissions;
}

}  // namespace rampart::infrastructure::sqlite
