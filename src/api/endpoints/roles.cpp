// /api/v1/permissions and /api/v1/roles*: the permission catalogue and role administration
// (roles.read, roles.manage). docs/roles.md describes the rules.
#include <boost/json.hpp>

#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/identity_json.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

const OpenApiResponse k404{404, "No role with this id.", ""};
// The no-escalation rule (docs/roles.md): granting a permission the caller lacks.
const OpenApiResponse k403Grant{
    403, "The caller lacks `roles.manage`, or a permission it would give the role.", ""};
// Changing a role that carries a permission the caller lacks (and, for the permissions,
// granting one).
const OpenApiResponse k403Change{
    403,
    "The caller lacks `roles.manage`, or a permission the role carries (or would be given).", ""};

Response PermissionList(const std::vector<domain::PermissionInfo>& catalogue) {
  json::array items;
  for (const auto& permission : catalogue) {
    items.push_back(json::object{{"name", permission.name}, {"description", permission.description}});
  }
  return NoStore(JsonResponse(200, items));
}

Response RoleList(const std::vector<domain::Role>& roles) {
  return NoStore(JsonResponse(200, RoleListJson(roles)));
}

Response RoleOk(const domain::Role& role) { return NoStore(JsonResponse(200, RoleJson(role))); }

Response RoleCreated(const domain::Role& role) {
  return Created(RoleJson(role), "/api/v1/roles/" + role.id);
}

}  // namespace

std::vector<Endpoint> RolesEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<ListPermissionsQuery>(
      dispatcher, Method::kGet, "/api/v1/permissions",
      {.operation_id = "listPermissions",
       .summary = "The permission catalogue",
       .description = "Every permission the service knows (declared in code, synced to the "
                      "database at start), in a stable order.",
       .tag = "roles",
       .responses = {{200, "The permissions.", "PermissionList"}}},
      BindNothing, PermissionList));
  endpoints.push_back(Map<ListRolesQuery>(
      dispatcher, Method::kGet, "/api/v1/roles",
      {.operation_id = "listRoles",
       .summary = "List roles",
       .description = "Every role with its permissions, by name.",
       .tag = "roles",
       .responses = {{200, "The roles.", "RoleList"}}},
      BindNothing, RoleList));
  endpoints.push_back(Map<CreateRoleCommand>(
      dispatcher, Method::kPost, "/api/v1/roles",
      {.operation_id = "createRole",
       .summary = "Create a role",
       .description = "A custom role: `name` is a lowercase slug, unique.",
       .tag = "roles",
       .request_schema_ref = "CreateRoleRequest",
       .responses = {{201, "The new role.", "Role"},
                     k403Grant,
                     {409, "A role with this name exists.", ""},
                     {422, "Invalid fields or unknown permissions (each one named).", ""}}},
      BindCreateRole, RoleCreated));
  endpoints.push_back(Map<GetRoleQuery>(
      dispatcher, Method::kGet, "/api/v1/roles/{id}",
      {.operation_id = "getRole",
       .summary = "Get a role",
       .tag = "roles",
       .responses = {{200, "The role.", "Role"}, k404}},
      BindGetRole, RoleOk));
  endpoints.push_back(Map<UpdateRoleCommand>(
      dispatcher, Method::kPatch, "/api/v1/roles/{id}",
      {.operation_id = "updateRole",
       .summary = "Rename a role or change its description",
       .description = "Only the fields present change. Built-in roles keep their names.",
       .tag = "roles",
       .request_schema_ref = "UpdateRoleRequest",
       .responses = {{200, "The updated role.", "Role"},
                     k403Change,
                     k404,
                     {409, "The name is taken, or a built-in role would be renamed.", ""},
                     {422, "Invalid fields (each one named).", ""}}},
      BindUpdateRole, RoleOk));
  endpoints.push_back(Map<DeleteRoleCommand>(
      dispatcher, Method::kDelete, "/api/v1/roles/{id}",
      {.operation_id = "deleteRole",
       .summary = "Delete a role",
       .description = "Every user who held it loses it (and its permissions on their next "
                      "request). Built-in roles cannot be deleted.",
       .tag = "roles",
       .responses = {{204, "Deleted.", ""}, k403Change, k404, {409, "A built-in role.", ""}}},
      BindDeleteRole, NoContent));
  endpoints.push_back(Map<SetRolePermissionsCommand>(
      dispatcher, Method::kPut, "/api/v1/roles/{id}/permissions",
      {.operation_id = "setRolePermissions",
       .summary = "Replace a role's permissions",
       .description = "Takes effect on every holder's next request. `admin` holds every "
                      "permission and cannot lose one.",
       .tag = "roles",
       .request_schema_ref = "SetRolePermissionsRequest",
       .responses = {{200, "The role now.", "Role"},
                     k403Change,
                     k404,
                     {409, "`admin` would lose a permission.", ""},
                     {422,
                      "`permissions` missing or malformed, or an unknown permission (each one "
                      "named as `permissions[<index>]`).",
                      ""}}},
      BindSetRolePermissions, RoleOk));
  return endpoints;
}

application::CreateRoleCommand BindCreateRole(Input& in) {
  return {.name = in.Required("name", "Name"),
          .description = in.Optional("description", "Description").value_or(""),
          .permissions = in.Strings("permissions", "Permissions").value_or(std::vector<std::string>{})};
}

application::GetRoleQuery BindGetRole(Input& in) { return {.role_id = in.Path("id")}; }

application::UpdateRoleCommand BindUpdateRole(Input& in) {
  return {.role_id = in.Path("id"),
          .name = in.Optional("name", "Name"),
          .description = in.Optional("description", "Description")};
}

application::DeleteRoleCommand BindDeleteRole(Input& in) { return {.role_id = in.Path("id")}; }

application::SetRolePermissionsCommand BindSetRolePermissions(Input& in) {
  return {.role_id = in.Path("id"), .permissions = in.RequiredStrings("permissions", "Permissions")};
}

}  // namespace rampart::api
