// API keys: the caller's own (/api/v1/users/me/api-keys, users and service accounts alike) and
// an administrator's view of another account's (docs/security.md#api-keys).
#include <boost/json.hpp>

#include "api/endpoints/credential_json.hpp"
#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

// KeyList answers the keys as of the clock's now (`active` depends on it).
auto KeyList(const application::Clock& clock) {
  return [&clock](const std::vector<domain::ApiKey>& keys) {
    json::array items;
    for (const auto& key : keys) items.push_back(ApiKeyJson(key, clock.Now()));
    return NoStore(JsonResponse(200, items));
  };
}

}  // namespace

std::vector<Endpoint> ApiKeyEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  const auto& clock = context.services.clock;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  const std::string tag = "api-keys";
  const OpenApiResponse k204{204, "Revoked (or it was already).", ""};
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<CreateApiKeyCommand>(
      dispatcher, Method::kPost, "/api/v1/users/me/api-keys",
      {.operation_id = "createApiKey",
       .summary = "Create an API key of the caller",
       .description =
           "`rp_<public id>_<secret><checksum>`, shown this once (only its SHA-256 is kept). Send "
           "it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. `permissions` (optional): "
           "a subset of what the caller holds now; absent, the key has all of the owner's "
           "permissions. On every request the key gets the owner's current permissions "
           "intersected with these. `expiresAt` (optional, RFC 3339): absent, the key lives "
           "until revoked. Users and service accounts alike; not with an API key. Audited as "
           "`api_key.created`.",
       .tag = tag,
       .request_schema_ref = "CreateApiKeyRequest",
       .responses = {{201, "The key, with its text.", "CreatedApiKey"},
                     {403,
                      "A permission the caller does not hold, or the request was authenticated "
                      "with an API key.",
                      ""},
                     {409, "The account already holds 50 active keys.", ""},
                     {422, "Invalid name, expiry or permission names.", ""}}},
      BindCreateApiKey, [&clock](const CreatedApiKey& created) {
        return NoStore(JsonResponse(201, CreatedApiKeyJson(created, clock.Now())));
      }));
  endpoints.push_back(Map<ListMyApiKeysQuery>(
      dispatcher, Method::kGet, "/api/v1/users/me/api-keys",
      {.operation_id = "listMyApiKeys",
       .summary = "The caller's API keys",
       .description = "Newest first, revoked and expired ones too (`active` says which work); "
                      "never the key itself. `lastUsedAt`/`lastUsedIp` are written in batches (at "
                      "most `api_keys.usage_flush_interval` behind).",
       .tag = tag,
       .responses = {{200, "The keys.", "ApiKeyList"}}},
      BindNothing, KeyList(clock)));
  endpoints.push_back(Map<RevokeMyApiKeyCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/me/api-keys/{id}",
      {.operation_id = "revokeMyApiKey",
       .summary = "Revoke one of the caller's API keys",
       .description = "It stops working at once, on every instance. Audited as `api_key.revoked`.",
       .tag = tag,
       .responses = {k204, {404, "The caller has no API key with this id.", ""}}},
      BindRevokeMyApiKey, NoContent));
  endpoints.push_back(Map<ListUserApiKeysQuery>(
      dispatcher, Method::kGet, "/api/v1/users/{id}/api-keys",
      {.operation_id = "listUserApiKeys",
       .summary = "A user's API keys (administrators)",
       .tag = tag,
       .responses = {{200, "The keys.", "ApiKeyList"}, {404, "No live user with this id.", ""}}},
      BindListUserApiKeys, KeyList(clock)));
  endpoints.push_back(Map<RevokeUserApiKeyCommand>(
      dispatcher, Method::kDelete, "/api/v1/users/{id}/api-keys/{keyId}",
      {.operation_id = "revokeUserApiKey",
       .summary = "Revoke a user's API key (administrators)",
       .description = "No escalation: a user holding a permission the caller lacks is 403.",
       .tag = tag,
       .responses = {k204,
                     {403,
                      "The caller lacks `sessions.manage`, or the user holds a permission the "
                      "caller lacks.",
                      ""},
                     {404, "No such user, or no such key of theirs.", ""}}},
      BindRevokeUserApiKey, NoContent));
  endpoints.push_back(Map<ListServiceAccountApiKeysQuery>(
      dispatcher, Method::kGet, "/api/v1/service-accounts/{id}/api-keys",
      {.operation_id = "listServiceAccountApiKeys",
       .summary = "A service account's API keys",
       .tag = tag,
       .responses = {{200, "The keys.", "ApiKeyList"},
                     {404, "No service account with this id.", ""}}},
      BindListServiceAccountApiKeys, KeyList(clock)));
  endpoints.push_back(Map<RevokeServiceAccountApiKeyCommand>(
      dispatcher, Method::kDelete, "/api/v1/service-accounts/{id}/api-keys/{keyId}",
      {.operation_id = "revokeServiceAccountApiKey",
       .summary = "Revoke a service account's API key",
       .description = "No escalation: an account holding a permission the caller lacks is 403.",
       .tag = tag,
       .responses = {k204,
                     {403,
                      "The caller lacks `service_accounts.manage`, or the account holds a "
                      "permission the caller lacks.",
                      ""},
                     {404, "No such account, or no such key of its.", ""}}},
      BindRevokeServiceAccountApiKey, NoContent));
  return endpoints;
}

application::CreateApiKeyCommand BindCreateApiKey(Input& in) {
  return {.name = in.Required("name", "Name"),
          .expires_at = in.DateTime("expiresAt", "Expiry"),
          .permissions = in.Strings("permissions", "Permissions")};
}

application::RevokeMyApiKeyCommand BindRevokeMyApiKey(Input& in) {
  return {.key_id = in.Path("id")};
}

application::ListUserApiKeysQuery BindListUserApiKeys(Input& in) {
  return {.user_id = in.Path("id")};
}

application::RevokeUserApiKeyCommand BindRevokeUserApiKey(Input& in) {
  return {.user_id = in.Path("id"), .key_id = in.Path("keyId")};
}

application::ListServiceAccountApiKeysQuery BindListServiceAccountApiKeys(Input& in) {
  return {.account_id = in.Path("id")};
}

application::RevokeServiceAccountApiKeyCommand BindRevokeServiceAccountApiKey(Input& in) {
  return {.account_id = in.Path("id"), .key_id = in.Path("keyId")};
}

}  // namespace rampart::api
