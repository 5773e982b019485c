#pragma once
// The read side of roles and permissions (roles.read).
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"
#include "domain/role.hpp"

namespace rampart::application {

// ListPermissionsQuery: GET /api/v1/permissions — the catalogue declared in code
// (domain/permission.cpp), in its stable order.
struct ListPermissionsQuery {
  using Response = std::vector<domain::PermissionInfo>;
  static constexpr std::string_view kName = "permissions.list";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kRolesRead);
  static constexpr Transaction kTransaction = Transaction::kRead;
};

// ListRolesQuery: GET /api/v1/roles — every role with its permissions, by name.
struct ListRolesQuery {
  using Response = std::vector<domain::Role>;
  static constexpr std::string_view kName = "roles.list";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kRolesRead);
  static constexpr Transaction kTransaction = Transaction::kRead;
};

// GetRoleQuery: GET /api/v1/roles/{id}
struct GetRoleQuery {
  using Response = domain::Role;
  static constexpr std::string_view kName = "roles.get";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kRolesRead);
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string role_id;
};

domain::Result<std::vector<domain::PermissionInfo>> Handle(const ListPermissionsQuery& query,
                                                           UseCaseContext& context);
domain::Result<std::vector<domain::Role>> Handle(const ListRolesQuery& query,
                                                 UseCaseContext& context);
// Handle: kNotFound for an unknown or malformed id.
domain::Result<domain::Role> Handle(const GetRoleQuery& query, UseCaseContext& context);

}  // namespace rampart::application
