// /api/v1/users/me*: what a signed-in user may see and change about themselves.
#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/identity_json.hpp"
#include "api/endpoints/json_io.hpp"
#include "application/api_keys/api_key_authenticator.hpp"
#include "application/auth/principal_access.hpp"
#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
#include "application/users/get_me.hpp"

namespace rampart::api {

namespace {

// MeOk is the signed-in user, written without a JSON tree (the hottest read).
Response MeOk(const domain::User& user) { return JsonResponse(200, UserJsonText(user)); }

}  // namespace

std::vector<Endpoint> MeEndpoints(ApiContext& context) {
  auto& services = context.services;
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;

  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  endpoints.push_back(Map<GetMeQuery>(dispatcher, Method::kGet, "/api/v1/users/me",
                                      {.operation_id = "getMe",
                                       .summary = "The signed-in user",
                                       .tag = "users",
                                       .responses = {{200, "The user.", "User"}}},
                                      BindNothing, MeOk));
  // A cache hit answers on the I/O thread: no worker hop, no database. Anything else (a miss,
  // or cached state that would refuse the token) goes to the handler above, which decides.
  if (auto* cache = services.identity_cache) {
    auto* api_keys = context.api_keys;
    endpoints.back().fast_path = [cache, &services, api_keys](Request& request, FastPathDone done) {
      if (!request.principal) return done(std::nullopt);
      const auto& claims = *request.principal;
      if (claims.kind != domain::PrincipalKind::kUser) return done(std::nullopt);
      if (!claims.api_key_id.empty()) {
        // A user's API key: the user and the key's state from the cache, decided as the access
        // check decides (auth/principal_access.hpp); anything else goes to the handler.
        if (api_keys == nullptr) return done(std::nullopt);
        return cache->PeekApiKey(
            claims.subject, claims.api_key_id,
            [&request, &services, api_keys, done = std::move(done)](
                std::optional<domain::User> user, std::optional<domain::ApiKey> key) mutable {
              const auto now = services.clock.Now();
              const bool owner = user && user->id == request.principal->subject;
              if (!owner || !application::CheckApiKey(key, application::UserCanAct(user),
                                                      *request.principal, now)) {
                return done(std::nullopt);
              }
              api_keys->Usage().Record(key->id, now, request.client_ip);
              done(MeOk(*user));
            });
      }
      cache->Peek(claims.subject, claims.session_id,
                  [&request, &services, done = std::move(done)](
                      std::optional<application::CachedPrincipal> principal) mutable {
                    if (!principal || !application::Honours(*principal, *request.principal,
                                                            services.clock.Now())) {
                      return done(std::nullopt);
                    }
                    done(MeOk(principal->user));
                  });
    };
  }

  endpoints.push_back(Map<UpdateMeCommand>(
      dispatcher, Method::kPatch, "/api/v1/users/me",
      {.operation_id = "updateMe",
       .summary = "Change the signed-in user's profile",
       .description = "Only the fields present are changed.",
       .tag = "users",
       .request_schema_ref = "UpdateMeRequest",
       .responses = {{200, "The updated user.", "User"}, {422, "Invalid display name.", ""}}},
      BindUpdateMe, [](const domain::User& user) { return JsonResponse(200, UserJson(user)); }));
  endpoints.push_back(Map<ChangePasswordCommand>(
      dispatcher, Method::kPost, "/api/v1/users/me/password",
      {.operation_id = "changePassword",
       .summary = "Change the signed-in user's password",
       .description = "Requires the current password. Every session of the user is revoked and "
                      "all access tokens issued before stop working. A wrong current password "
                      "counts toward the lockout like a failed login; the one that locks the "
                      "account also ends every session.",
       .tag = "users",
       .request_schema_ref = "ChangePasswordRequest",
       .responses = {{204, "Password changed; log in again.", ""},
                     {422, "Wrong current password or a weak new one.", ""},
                     {429, "Locked out by repeated wrong passwords (Retry-After).", ""}}},
      BindChangePassword, NoContent));
  return endpoints;
}

application::UpdateMeCommand BindUpdateMe(Input& in) {
  return {.display_name = in.Optional("displayName", "Display name")};
}

application::ChangePasswordCommand BindChangePassword(Input& in) {
  return {.current_password = in.Required("currentPassword", "Current password"),
          .new_password = in.Required("newPassword", "New password")};
}

}  // namespace rampart::api
