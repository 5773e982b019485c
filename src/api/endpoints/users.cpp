// /api/v1/users and /api/v1/users/{id}*: user administration (users.read, users.write,
// users.delete; roles.manage to grant roles). docs/users.md describes the rules.
#include <boost/json.hpp>

#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/identity_json.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

const OpenApiResponse k404{404, "No user with this id.", ""};
const OpenApiResponse k409LastAdmin{409, "The last active administrator.", ""};

// For the operations that change another account (the no-escalation rule, docs/users.md).
OpenApiResponse ForbiddenToChange(std::string_view permission) {
  return {403,
          "The token lacks `" + std::string(permission) +
              "`, or the user holds a permission the caller lacks.",
          ""};
}

Response UserPageOk(const application::UserPage& page) {
  return NoStore(JsonResponse(200, PageJson(page, UserJson)));
}

Response UserOk(const domain::User& user) { return NoStore(JsonResponse(200, UserJson(user))); }

Response UserCreated(const domain::User& user) {
  return Created(UserJson(user), "/api/v1/users/" + user.id);
}

Response RoleList(const std::vector<domain::Role>& roles) {
  return NoStore(JsonResponse(200, RoleListJson(roles)));
}

}  // namespace

std::vector<Endpoint> UsersEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  using domain::permissions::kUsersDelete;
  using domain::permissions::kUsersWrite;
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<ListUsersQuery>(
      dispatcher, Method::kGet, "/api/v1/users",
      {.operation_id = "listUsers",
       .summary = "List users",
       .description = "Live (not deleted) users, one page at a time, with the exact total that "
                      "matches the filters.",
       .tag = "users",
       .responses = {{200, "One page of users.", "UserPage"},
                     {422, "A bad query parameter (each one named).", ""}},
       .query = {{"search", "Case-insensitive substring of the e-mail or display name."},
                 {"role", "Only users holding this role (a role name)."},
                 {"sort",
                  "createdAt, email or displayName; prefix - for descending. Default -createdAt."},
                 {"page", "From 1; default 1.", "integer"},
                 {"pageSize", "1..100; default 20.", "integer"}}},
      BindListUsers, UserPageOk));
  endpoints.push_back(Map<CreateUserCommand>(
      dispatcher, Method::kPost, "/api/v1/users",
      {.operation_id = "createUser",
       .summary = "Create a user",
       .description = "The password policy applies. Without `roles` the user gets the `user` "
                      "role; naming other roles also needs `roles.manage`.",
       .tag = "users",
       .request_schema_ref = "CreateUserRequest",
       .responses = {{201, "The new user.", "User"},
                     {403,
                      "The token lacks `users.write` (or `roles.manage` for roles), or a role "
                      "given carries a permission the caller lacks.",
                      ""},
                     {409, "The e-mail address is taken.", ""},
                     {422, "Invalid fields or an unknown role (each one named).", ""}}},
      BindCreateUser, UserCreated));
  endpoints.push_back(Map<GetUserQuery>(
      dispatcher, Method::kGet, "/api/v1/users/{id}",
      {.operation_id = "getUser",
       .summary = "Get a user",
       .tag = "users",
       .responses = {{200, "The user.", "User"}, k404}},
      BindGetUser, UserOk));
  endpoints.push_back(Map<UpdateUserCommand>(
      dispatcher, Method::kPatch, "/api/v1/users/{id}",
      {.operation_id = "updateUser",
       .summary = "Change a user's profile",
       .description = "Only the fields present change. A new e-mail address is unverified "
                      "unless `emailVerified` is given too.",
       .tag = "users",
       .request_schema_ref = "UpdateUserRequest",
       .responses = {{200, "The updated user.", "User"},
                     ForbiddenToChange(kUsersWrite),
                     k404,
                     {409, "The e-mail address is taken.", ""},
                     {422, "Invalid fields (each one named).", ""}}},
      BindUpdateUser, UserOk));
  endpoints.push_back(Map<DeleteUserCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/{id}",
      {.operation_id = "deleteUser",
       .summary = "Delete a user (soft delete)",
       .description = "The account can no longer sign in, its sessions end and its access "
                      "tokens stop working at once; its e-mail address becomes free. The last "
                      "administrator who can sign in cannot be deleted.",
       .tag = "users",
       .responses = {{204, "Deleted.", ""}, ForbiddenToChange(kUsersDelete), k404, k409LastAdmin}},
      BindDeleteUser, NoContent));
  endpoints.push_back(Map<LockUserCommand>(
      dispatcher, Method::kPost, "/api/v1/users/{id}/lock",
      {.operation_id = "lockUser",
       .summary = "Lock a user",
       .description = "The account cannot sign in; its sessions end and its access tokens stop "
                      "working at once. The last administrator who can sign in cannot be locked.",
       .tag = "users",
       .responses = {{200, "The locked user.", "User"},
                     ForbiddenToChange(kUsersWrite),
                     k404,
                     k409LastAdmin}},
      BindLockUser, UserOk));
  endpoints.push_back(Map<UnlockUserCommand>(
      dispatcher, Method::kPost, "/api/v1/users/{id}/unlock",
      {.operation_id = "unlockUser",
       .summary = "Unlock a user",
       .description = "Lifts an administrator's lock and clears the brute-force lockout "
                      "(failed-login counter and lock period).",
       .tag = "users",
       .responses = {{200, "The unlocked user.", "User"}, ForbiddenToChange(kUsersWrite), k404}},
      BindUnlockUser, UserOk));
  endpoints.push_back(Map<GetUserRolesQuery>(
      dispatcher, Method::kGet, "/api/v1/users/{id}/roles",
      {.operation_id = "getUserRoles",
       .summary = "A user's roles",
       .tag = "users",
       .responses = {{200, "The roles, by name.", "RoleList"}, k404}},
      BindGetUserRoles, RoleList));
  endpoints.push_back(Map<SetUserRolesCommand>(
      dispatcher, Method::kPut, "/api/v1/users/{id}/roles",
      {.operation_id = "setUserRoles",
       .summary = "Replace a user's roles",
       .description = "Needs `roles.manage` (granting a role grants its permissions), and every "
                      "permission the user holds and every permission of the roles given (no "
                      "escalation). Takes effect on the user's next request. Taking `admin` from "
                      "the last administrator who can sign in is refused.",
       .tag = "users",
       .request_schema_ref = "SetUserRolesRequest",
       .responses = {{200, "The user's roles now.", "RoleList"},
                     {403,
                      "The token lacks `roles.manage`, or the user holds (or a role given "
                      "carries) a permission the caller lacks.",
                      ""},
                     k404,
                     {409, "The last active administrator would lose `admin`.", ""},
                     {422, "`roles` missing, malformed or naming an unknown role.", ""}}},
      BindSetUserRoles, RoleList));
  return endpoints;
}

application::ListUsersQuery BindListUsers(Input& in) {
  return {.search = in.Query("search"),
          .role = in.Query("role"),
          .sort = in.Query("sort"),
          .page = in.Query("page"),
          .page_size = in.Query("pageSize")};
}

application::CreateUserCommand BindCreateUser(Input& in) {
  return {.email = in.Required("email", "Email"),
          .password = in.Required("password", "Password"),
          .display_name = in.Required("displayName", "Display name"),
          .roles = in.Strings("roles", "Roles"),
          .email_verified = in.Bool("emailVerified", "Email verified").value_or(false)};
}

application::GetUserQuery BindGetUser(Input& in) { return {.user_id = in.Path("id")}; }

application::UpdateUserCommand BindUpdateUser(Input& in) {
  return {.user_id = in.Path("id"),
          .display_name = in.Optional("displayName", "Display name"),
          .email = in.Optional("email", "Email"),
          .email_verified = in.Bool("emailVerified", "Email verified")};
}

application::DeleteUserCommand BindDeleteUser(Input& in) { return {.user_id = in.Path("id")}; }
application::LockUserCommand BindLockUser(Input& in) { return {.user_id = in.Path("id")}; }
application::UnlockUserCommand BindUnlockUser(Input& in) { return {.user_id = in.Path("id")}; }
application::GetUserRolesQuery BindGetUserRoles(Input& in) { return {.user_id = in.Path("id")}; }

application::SetUserRolesCommand BindSetUserRoles(Input& in) {
  return {.user_id = in.Path("id"), .roles = in.RequiredStrings("roles", "Roles")};
}

}  // namespace rampart::api
