// /api/v1/users and /api/v1/users/{id}*: user administration (users.read, users.write,
// users.delete; roles.manage to grant roles). docs/users.md describes the rules.
#include <boost/json.hpp>

#include "application/dispatch/dispatcher.hpp"

#include "api/endpoints/endpoint_helpers.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/users/create_user.hpp"
#include "application/users/delete_user.hpp"
#include "application/users/get_user.hpp"
#include "application/users/list_users.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/update_user.hpp"
#include "application/users/user_roles.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

Response RolesResponse(const std::vector<domain::Role>& roles) {
  json::array items;
  for (const auto& role : roles) items.push_back(RoleJson(role));
  return NoStore(JsonResponse(200, items));
}

Response UserResponse(int status, const domain::User& user) {
  return NoStore(JsonResponse(status, UserJson(user)));
}

// A body field FieldReader does not read as this endpoint needs: a boolean.
std::optional<bool> Boolean(const json::object& body, std::string_view name,
                            std::vector<domain::FieldError>& errors) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_bool()) return value->as_bool();
  errors.push_back({std::string(name), "Must be true or false."});
  return std::nullopt;
}

// The readers' errors, then the other body fields' (`extra`).
std::vector<domain::FieldError> AllErrors(const FieldReader& fields,
                                          std::vector<domain::FieldError> extra) {
  auto errors = ReaderErrors(fields);
  errors.insert(errors.end(), extra.begin(), extra.end());
  return errors;
}

OpenApiResponse k401{401, "Missing, invalid or revoked token.", ""};
OpenApiResponse k404{404, "No user with this id.", ""};

// For the operations that change another account (the no-escalation rule, docs/users.md).
OpenApiResponse ForbiddenToChange(std::string_view permission) {
  return {403,
          "The token lacks `" + std::string(permission) +
              "`, or the user holds a permission the caller lacks.",
          ""};
}

}  // namespace

std::vector<Endpoint> UsersEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;
  using domain::permissions::kRolesManage;
  using domain::permissions::kUsersDelete;
  using domain::permissions::kUsersRead;
  using domain::permissions::kUsersWrite;

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users",
      .access = Access::kPermission,
      .permission = std::string(kUsersRead),
      .doc = {.operation_id = "listUsers",
              .summary = "List users",
              .description = "Live (not deleted) users, one page at a time, with the exact "
                             "total that matches the filters.",
              .tag = "users",
              .responses = {{200, "One page of users.", "UserPage"},
                            k401,
                            Forbidden(kUsersRead),
                            {422, "A bad query parameter (each one named).", ""}},
              .query = {{"search", "Case-insensitive substring of the e-mail or display name."},
                        {"role", "Only users holding this role (a role name)."},
                        {"sort",
                         "createdAt, email or displayName; prefix - for descending. Default "
                         "-createdAt."},
                        {"page", "From 1; default 1.", "integer"},
                        {"pageSize", "1..100; default 20.", "integer"}}},
      .handler =
          [&dispatcher](Request& request) {
            application::ListUsersQuery query{.search = request.QueryParam("search"),
                                              .role = request.QueryParam("role"),
                                              .sort = request.QueryParam("sort"),
                                              .page = request.QueryParam("page"),
                                              .page_size = request.QueryParam("pageSize")};
            auto page = dispatcher.Send(query, CallerOf(request));
            if (!page) return Problem(page.error(), request);
            json::array items;
            for (const auto& user : page->items) items.push_back(UserJson(user));
            auto response = JsonResponse(200, json::object{{"items", std::move(items)},
                                                           {"page", page->page},
                                                           {"pageSize", page->page_size},
                                                           {"total", page->total}});
            response.SetHeader("Cache-Control", "no-store");
            return response;
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/users",
      .access = Access::kPermission,
      .permission = std::string(kUsersWrite),
      .doc = {.operation_id = "createUser",
              .summary = "Create a user",
              .description = "The password policy applies. Without `roles` the user gets the "
                             "`user` role; naming other roles also needs `roles.manage`.",
              .tag = "users",
              .request_schema_ref = "CreateUserRequest",
              .responses = {{201, "The new user.", "User"},
                            k401,
                            {403,
                             "The token lacks `users.write` (or `roles.manage` for roles), or a "
                             "role given carries a permission the caller lacks.",
                             ""},
                            {409, "The e-mail address is taken.", ""},
                            {422, "Invalid fields or an unknown role (each one named).", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            std::vector<domain::FieldError> extra;
            application::CreateUserCommand command{
                .email = fields.Required("email", "Email"),
                .password = fields.Required("password", "Password"),
                .display_name = fields.Required("displayName", "Display name"),
                .roles = StringArray(*body, "roles", "role names", extra),
                .email_verified = Boolean(*body, "emailVerified", extra).value_or(false)};
            if (auto bad = BodyErrors(AllErrors(fields, std::move(extra)), command, dispatcher)) {
              return Problem(*bad, request);
            }
            auto user = dispatcher.Send(command, CallerOf(request));
            if (!user) return Problem(user.error(), request);
            auto response = UserResponse(201, *user);
            response.SetHeader("Location", "/api/v1/users/" + user->id);
            return response;
          },
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users/{id}",
      .access = Access::kPermission,
      .permission = std::string(kUsersRead),
      .doc = {.operation_id = "getUser",
              .summary = "Get a user",
              .tag = "users",
              .responses = {{200, "The user.", "User"}, k401, Forbidden(kUsersRead), k404}},
      .handler =
          [&dispatcher](Request& request) {
            auto user = dispatcher.Send(application::GetUserQuery{.user_id = IdOf(request)},
                                        CallerOf(request));
            if (!user) return Problem(user.error(), request);
            return UserResponse(200, *user);
          },
  });

  endpoints.push_back({
      .method = Method::kPatch,
      .route = "/api/v1/users/{id}",
      .access = Access::kPermission,
      .permission = std::string(kUsersWrite),
      .doc = {.operation_id = "updateUser",
              .summary = "Change a user's profile",
              .description = "Only the fields present change. A new e-mail address is "
                             "unverified unless `emailVerified` is given too.",
              .tag = "users",
              .request_schema_ref = "UpdateUserRequest",
              .responses = {{200, "The updated user.", "User"},
                            k401,
                            ForbiddenToChange(kUsersWrite),
                            k404,
                            {409, "The e-mail address is taken.", ""},
                            {422, "Invalid fields (each one named).", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            std::vector<domain::FieldError> extra;
            application::UpdateUserCommand command{
                .user_id = IdOf(request),
                .display_name = fields.Optional("displayName", "Display name"),
                .email = fields.Optional("email", "Email"),
                .email_verified = Boolean(*body, "emailVerified", extra)};
            if (auto bad = BodyErrors(AllErrors(fields, std::move(extra)), command, dispatcher)) {
              return Problem(*bad, request);
            }
            auto user = dispatcher.Send(command, CallerOf(request));
            if (!user) return Problem(user.error(), request);
            return UserResponse(200, *user);
          },
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/users/{id}",
      .access = Access::kPermission,
      .permission = std::string(kUsersDelete),
      .doc = {.operation_id = "deleteUser",
              .summary = "Delete a user (soft delete)",
              .description = "The account can no longer sign in, its sessions end and its "
                             "access tokens stop working at once; its e-mail address becomes "
                             "free. The last administrator who can sign in cannot be deleted.",
              .tag = "users",
              .responses = {{204, "Deleted.", ""},
                            k401,
                            ForbiddenToChange(kUsersDelete),
                            k404,
                            {409, "The last active administrator.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto done = dispatcher.Send(application::DeleteUserCommand{.user_id = IdOf(request)},
                                        CallerOf(request));
            if (!done) return Problem(done.error(), request);
            return Response::NoContent();
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/users/{id}/lock",
      .access = Access::kPermission,
      .permission = std::string(kUsersWrite),
      .doc = {.operation_id = "lockUser",
              .summary = "Lock a user",
              .description = "The account cannot sign in; its sessions end and its access "
                             "tokens stop working at once. The last administrator who can sign "
                             "in cannot be locked.",
              .tag = "users",
              .responses = {{200, "The locked user.", "User"},
                            k401,
                            ForbiddenToChange(kUsersWrite),
                            k404,
                            {409, "The last active administrator.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto user = dispatcher.Send(application::LockUserCommand{.user_id = IdOf(request)},
                                        CallerOf(request));
            if (!user) return Problem(user.error(), request);
            return UserResponse(200, *user);
          },
  });

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/users/{id}/unlock",
      .access = Access::kPermission,
      .permission = std::string(kUsersWrite),
      .doc = {.operation_id = "unlockUser",
              .summary = "Unlock a user",
              .description = "Lifts an administrator's lock and clears the brute-force lockout "
                             "(failed-login counter and lock period).",
              .tag = "users",
              .responses = {{200, "The unlocked user.", "User"},
                            k401,
                            ForbiddenToChange(kUsersWrite),
                            k404}},
      .handler =
          [&dispatcher](Request& request) {
            auto user = dispatcher.Send(application::UnlockUserCommand{.user_id = IdOf(request)},
                                        CallerOf(request));
            if (!user) return Problem(user.error(), request);
            return UserResponse(200, *user);
          },
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users/{id}/roles",
      .access = Access::kPermission,
      .permission = std::string(kUsersRead),
      .doc = {.operation_id = "getUserRoles",
              .summary = "A user's roles",
              .tag = "users",
              .responses = {{200, "The roles, by name.", "RoleList"},
                            k401,
                            Forbidden(kUsersRead),
                            k404}},
      .handler =
          [&dispatcher](Request& request) {
            auto roles = dispatcher.Send(application::GetUserRolesQuery{.user_id = IdOf(request)},
                                         CallerOf(request));
            if (!roles) return Problem(roles.error(), request);
            return RolesResponse(*roles);
          },
  });

  endpoints.push_back({
      .method = Method::kPut,
      .route = "/api/v1/users/{id}/roles",
      .access = Access::kPermission,
      .permission = std::string(kRolesManage),
      .doc = {.operation_id = "setUserRoles",
              .summary = "Replace a user's roles",
              .description = "Needs `roles.manage` (granting a role grants its permissions), "
                             "and every permission the user holds and every permission of the "
                             "roles given (no escalation). Takes effect on the user's next "
                             "request. Taking `admin` from the last administrator who can sign "
                             "in is refused.",
              .tag = "users",
              .request_schema_ref = "SetUserRolesRequest",
              .responses = {{200, "The user's roles now.", "RoleList"},
                            k401,
                            {403,
                             "The token lacks `roles.manage`, or the user holds (or a role given "
                             "carries) a permission the caller lacks.",
                             ""},
                            k404,
                            {409, "The last active administrator would lose `admin`.", ""},
                            {422, "`roles` missing, malformed or naming an unknown role.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            std::vector<domain::FieldError> errors;
            auto roles = StringArray(*body, "roles", "role names", errors);
            if (!roles && errors.empty()) errors.push_back({"roles", "Roles is required."});
            if (!errors.empty()) {
              return Problem(domain::Error::Validation(std::move(errors)), request);
            }
            auto now = dispatcher.Send(
                application::SetUserRolesCommand{.user_id = IdOf(request), .roles = *roles},
                CallerOf(request));
            if (!now) return Problem(now.error(), request);
            return RolesResponse(*now);
          },
  });
  return endpoints;
}

}  // namespace rampart::api
