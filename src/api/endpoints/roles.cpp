// /api/v1/permissions and /api/v1/roles*: the permission catalogue and role administration
// (roles.read, roles.manage). docs/roles.md describes the rules.
#include <boost/json.hpp>

#include "application/dispatch/dispatcher.hpp"

#include "api/endpoints/endpoint_helpers.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/roles/create_role.hpp"
#include "application/roles/delete_role.hpp"
#include "application/roles/role_queries.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/roles/update_role.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

Response RoleResponse(int status, const domain::Role& role) {
  return NoStore(JsonResponse(status, RoleJson(role)));
}

const OpenApiResponse k401{401, "Missing, invalid or revoked token.", ""};
const OpenApiResponse k404{404, "No role with this id.", ""};

// The no-escalation rule (docs/roles.md): granting a permission the caller lacks.
const OpenApiResponse k403Grant{
    403, "The caller lacks `roles.manage`, or a permission it would give the role.", ""};
// Changing a role that carries a permission the caller lacks (and, for the permissions,
// granting one).
const OpenApiResponse k403Change{
    403,
    "The caller lacks `roles.manage`, or a permission the role carries (or would be given).", ""};

}  // namespace

std::vector<Endpoint> RolesEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;
  using domain::permissions::kRolesManage;
  using domain::permissions::kRolesRead;

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/permissions",
      .access = Access::kPermission,
      .permission = std::string(kRolesRead),
      .doc = {.operation_id = "listPermissions",
              .summary = "The permission catalogue",
              .description = "Every permission the service knows (declared in code, synced to "
                             "the database at start), in a stable order.",
              .tag = "roles",
              .responses = {{200, "The permissions.", "PermissionList"},
                            k401,
                            Forbidden(kRolesRead)}},
      .handler =
          [&dispatcher](Request& request) {
            auto catalogue =
                dispatcher.Send(application::ListPermissionsQuery{}, CallerOf(request));
            if (!catalogue) return Problem(catalogue.error(), request);
            json::array items;
            for (const auto& permission : *catalogue) {
              items.push_back(
                  json::object{{"name", permission.name}, {"description", permission.description}});
            }
            return NoStore(JsonResponse(200, items));
          },
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/roles",
      .access = Access::kPermission,
      .permission = std::string(kRolesRead),
      .doc = {.operation_id = "listRoles",
              .summary = "List roles",
              .description = "Every role with its permissions, by name.",
              .tag = "roles",
              .responses = {{200, "The roles.", "RoleList"}, k401, Forbidden(kRolesRead)}},
      .handler =
          [&dispatcher](Request& request) {
            auto roles = dispatcher.Send(application::ListRolesQuery{}, CallerOf(request));
            if (!roles) return Problem(roles.error(), request);
            json::array items;
            for (const auto& role : *roles) items.push_back(RoleJson(role));
            return NoStore(JsonResponse(200, items));
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/roles",
      .access = Access::kPermission,
      .permission = std::string(kRolesManage),
      .doc = {.operation_id = "createRole",
              .summary = "Create a role",
              .description = "A custom role: `name` is a lowercase slug, unique.",
              .tag = "roles",
              .request_schema_ref = "CreateRoleRequest",
              .responses = {{201, "The new role.", "Role"},
                            k401,
                            k403Grant,
                            {409, "A role with this name exists.", ""},
                            {422, "Invalid fields or unknown permissions (each one named).", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::CreateRoleCommand command{
                .name = fields.Required("name", "Name"),
                .description = fields.Optional("description", "Description").value_or("")};
            auto errors = ReaderErrors(fields);
            command.permissions =
                StringArray(*body, "permissions", "permission names", errors)
                    .value_or(std::vector<std::string>{});
            if (auto bad = BodyErrors(std::move(errors), command, dispatcher)) {
              return Problem(*bad, request);
            }
            auto role = dispatcher.Send(command, CallerOf(request));
            if (!role) return Problem(role.error(), request);
            auto response = RoleResponse(201, *role);
            response.SetHeader("Location", "/api/v1/roles/" + role->id);
            return response;
          },
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/roles/{id}",
      .access = Access::kPermission,
      .permission = std::string(kRolesRead),
      .doc = {.operation_id = "getRole",
              .summary = "Get a role",
              .tag = "roles",
              .responses = {{200, "The role.", "Role"}, k401, Forbidden(kRolesRead), k404}},
      .handler =
          [&dispatcher](Request& request) {
            auto role = dispatcher.Send(application::GetRoleQuery{.role_id = IdOf(request)},
                                        CallerOf(request));
            if (!role) return Problem(role.error(), request);
            return RoleResponse(200, *role);
          },
  });

  endpoints.push_back({
      .method = Method::kPatch,
      .route = "/api/v1/roles/{id}",
      .access = Access::kPermission,
      .permission = std::string(kRolesManage),
      .doc = {.operation_id = "updateRole",
              .summary = "Rename a role or change its description",
              .description = "Only the fields present change. Built-in roles keep their names.",
              .tag = "roles",
              .request_schema_ref = "UpdateRoleRequest",
              .responses = {{200, "The updated role.", "Role"},
                            k401,
                            k403Change,
                            k404,
                            {409, "The name is taken, or a built-in role would be renamed.", ""},
                            {422, "Invalid fields (each one named).", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::UpdateRoleCommand command{
                .role_id = IdOf(request),
                .name = fields.Optional("name", "Name"),
                .description = fields.Optional("description", "Description")};
            if (auto bad = BodyErrors(ReaderErrors(fields), command, dispatcher)) {
              return Problem(*bad, request);
            }
            auto role = dispatcher.Send(command, CallerOf(request));
            if (!role) return Problem(role.error(), request);
            return RoleResponse(200, *role);
          },
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/roles/{id}",
      .access = Access::kPermission,
      .permission = std::string(kRolesManage),
      .doc = {.operation_id = "deleteRole",
              .summary = "Delete a role",
              .description = "Every user who held it loses it (and its permissions on their next "
                             "request). Built-in roles cannot be deleted.",
              .tag = "roles",
              .responses = {{204, "Deleted.", ""},
                            k401,
                            k403Change,
                            k404,
                            {409, "A built-in role.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto done = dispatcher.Send(application::DeleteRoleCommand{.role_id = IdOf(request)},
                                        CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });

  endpoints.push_back({
      .method = Method::kPut,
      .route = "/api/v1/roles/{id}/permissions",
      .access = Access::kPermission,
      .permission = std::string(kRolesManage),
      .doc = {.operation_id = "setRolePermissions",
              .summary = "Replace a role's permissions",
              .description = "Takes effect on every holder's next request. `admin` holds every "
                             "permission and cannot lose one.",
              .tag = "roles",
              .request_schema_ref = "SetRolePermissionsRequest",
              .responses = {{200, "The role now.", "Role"},
                            k401,
                            k403Change,
                            k404,
                            {409, "`admin` would lose a permission.", ""},
                            {422,
                             "`permissions` missing or malformed, or an unknown permission "
                             "(each one named as `permissions[<index>]`).",
                             ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            std::vector<domain::FieldError> errors;
            auto names = StringArray(*body, "permissions", "permission names", errors);
            if (!names && errors.empty()) {
              errors.push_back({"permissions", "Permissions is required."});
            }
            if (!errors.empty()) {
              return Problem(domain::Error::Validation(std::move(errors)), request);
            }
            auto role = dispatcher.Send(
                application::SetRolePermissionsCommand{.role_id = IdOf(request),
                                                       .permissions = std::move(*names)},
                CallerOf(request));
            if (!role) return Problem(role.error(), request);
            return RoleResponse(200, *role);
          },
  });
  return endpoints;
}

}  // namespace rampart::api
