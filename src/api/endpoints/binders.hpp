#pragma once
// The binders of the route tables (binding.hpp): for each endpoint that takes input, the
// function that reads its use case's command from the request. Declared here, defined in the
// area's file, so that binders_test.cpp checks each one without a server.
#include "api/endpoints/binding.hpp"
#include "application/roles/create_role.hpp"
#include "application/roles/delete_role.hpp"
#include "application/roles/role_queries.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/roles/update_role.hpp"

namespace rampart::api {

// roles.cpp
application::CreateRoleCommand BindCreateRole(Input& in);
application::GetRoleQuery BindGetRole(Input& in);
application::UpdateRoleCommand BindUpdateRole(Input& in);
application::DeleteRoleCommand BindDeleteRole(Input& in);
application::SetRolePermissionsCommand BindSetRolePermissions(Input& in);

}  // namespace rampart::api
