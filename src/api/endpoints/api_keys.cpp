// API keys: the caller's own (/api/v1/users/me/api-keys, users and service accounts alike) and
// an administrator's view of another account's (docs/security.md#api-keys).
#include <boost/json.hpp>

#include "api/endpoints/credential_json.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/api_keys/api_keys.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

Response KeyList(const std::vector<domain::ApiKey>& keys, domain::TimePoint now) {
  json::array items;
  for (const auto& key : keys) items.push_back(ApiKeyJson(key, now));
  auto response = JsonResponse(200, items);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

template <class Query>
Handler ListHandler(application::Dispatcher& dispatcher, Query (*make)(const Request&)) {
  return [&dispatcher, make](Request& request) {
    auto keys = dispatcher.Send(make(request), CallerOf(request));
    if (!keys) return Problem(keys.error(), request);
    return KeyList(*keys, dispatcher.services().clock.Now());
  };
}

template <class Command>
Handler RevokeHandler(application::Dispatcher& dispatcher, Command (*make)(const Request&)) {
  return [&dispatcher, make](Request& request) {
    auto done = dispatcher.Send(make(request), CallerOf(request));
    if (!done) return Problem(done.error(), request);
    return Response::NoContent();
  };
}

std::string Param(const Request& request, std::string_view name) {
  return std::string(request.PathParam(name));
}

const OpenApiResponse k401{401, "Missing, invalid or revoked credential.", ""};

}  // namespace

std::vector<Endpoint> ApiKeyEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;

  endpoints.push_back({
      .method = Method::kPost,
      .route = "/api/v1/users/me/api-keys",
      .access = Access::kAuthenticated,
      .service_accounts = true,
      .doc = {.operation_id = "createApiKey",
              .summary = "Create an API key of the caller",
              .description =
                  "`rp_<public id>_<secret><checksum>`, shown this once (only its SHA-256 is "
                  "kept). Send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. "
                  "`permissions` (optional): a subset of what the caller holds now; absent, the "
                  "key has all of the owner's permissions. On every request the key gets the "
                  "owner's current permissions intersected with these. `expiresAt` (optional, "
                  "RFC 3339): absent, the key lives until revoked. Users and service accounts "
                  "alike; not with an API key. Audited as `api_key.created`.",
              .tag = "api-keys",
              .request_schema_ref = "CreateApiKeyRequest",
              .responses = {{201, "The key, with its text.", "CreatedApiKey"},
                            k401,
                            {403,
                             "A permission the caller does not hold, or the request was "
                             "authenticated with an API key.",
                             ""},
                            {409, "The account already holds 50 active keys.", ""},
                            {422, "Invalid name, expiry or permission names.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            // Refused before the body is read, as any authorisation is: the use case refuses it
            // too, but only after validation (a 422 must not hide the 403).
            if (request.actor && !request.actor->api_key_id.empty()) {
              return Problem(domain::Error::Forbidden(application::kApiKeyCannotCreateKeys),
                             request);
            }
            auto body = ParseJsonObject(request);
            if (!body) return body.error();
            FieldReader fields(*body);
            application::CreateApiKeyCommand command{
                .name = fields.Required("name", "Name"),
                .permissions = fields.OptionalStrings("permissions", "Permissions")};
            std::vector<domain::FieldError> errors;
            if (auto expires = fields.Optional("expiresAt", "Expiry")) {
              command.expires_at = domain::ParseRfc3339(*expires);
              if (!command.expires_at) {
                errors.push_back({"expiresAt", "Must be an RFC 3339 date-time."});
              }
            }
            if (!fields.Ok() || !errors.empty()) {
              auto all = fields.Ok() ? std::vector<domain::FieldError>{} : fields.Error().fields;
              all.insert(all.end(), errors.begin(), errors.end());
              return Problem(domain::Error::Validation(std::move(all)), request);
            }
            auto created = dispatcher.Send(command, CallerOf(request));
            if (!created) return Problem(created.error(), request);
            auto response =
                JsonResponse(201, CreatedApiKeyJson(*created, dispatcher.services().clock.Now()));
            response.SetHeader("Cache-Control", "no-store");
            return response;
          },
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users/me/api-keys",
      .access = Access::kAuthenticated,
      .service_accounts = true,
      .doc = {.operation_id = "listMyApiKeys",
              .summary = "The caller's API keys",
              .description = "Newest first, revoked and expired ones too (`active` says which "
                             "work); never the key itself. `lastUsedAt`/`lastUsedIp` are written "
                             "in batches (at most `api_keys.usage_flush_interval` behind).",
              .tag = "api-keys",
              .responses = {{200, "The keys.", "ApiKeyList"}, k401}},
      .handler = ListHandler<application::ListMyApiKeysQuery>(
          dispatcher, [](const Request&) { return application::ListMyApiKeysQuery{}; }),
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/users/me/api-keys/{id}",
      .access = Access::kAuthenticated,
      .service_accounts = true,
      .doc = {.operation_id = "revokeMyApiKey",
              .summary = "Revoke one of the caller's API keys",
              .description = "It stops working at once, on every instance. Audited as "
                             "`api_key.revoked`.",
              .tag = "api-keys",
              .responses = {{204, "Revoked (or it was already).", ""},
                            k401,
                            {404, "The caller has no API key with this id.", ""}}},
      .handler = RevokeHandler<application::RevokeMyApiKeyCommand>(
          dispatcher,
          [](const Request& request) {
            return application::RevokeMyApiKeyCommand{.key_id = Param(request, "id")};
          }),
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/users/{id}/api-keys",
      .access = Access::kPermission,
      .permission = std::string(domain::permissions::kSessionsManage),
      .doc = {.operation_id = "listUserApiKeys",
              .summary = "A user's API keys (administrators)",
              .tag = "api-keys",
              .responses = {{200, "The keys.", "ApiKeyList"},
                            k401,
                            {403, "The caller lacks `sessions.manage`.", ""},
                            {404, "No live user with this id.", ""}}},
      .handler = ListHandler<application::ListUserApiKeysQuery>(
          dispatcher,
          [](const Request& request) {
            return application::ListUserApiKeysQuery{.user_id = Param(request, "id")};
          }),
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/users/{id}/api-keys/{keyId}",
      .access = Access::kPermission,
      .permission = std::string(domain::permissions::kSessionsManage),
      .doc = {.operation_id = "revokeUserApiKey",
              .summary = "Revoke a user's API key (administrators)",
              .description = "No escalation: a user holding a permission the caller lacks is 403.",
              .tag = "api-keys",
              .responses = {{204, "Revoked (or it was already).", ""},
                            k401,
                            {403,
                             "The caller lacks `sessions.manage`, or the user holds a permission "
                             "the caller lacks.",
                             ""},
                            {404, "No such user, or no such key of theirs.", ""}}},
      .handler = RevokeHandler<application::RevokeUserApiKeyCommand>(
          dispatcher,
          [](const Request& request) {
            return application::RevokeUserApiKeyCommand{.user_id = Param(request, "id"),
                                                        .key_id = Param(request, "keyId")};
          }),
  });

  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/service-accounts/{id}/api-keys",
      .access = Access::kPermission,
      .permission = std::string(domain::permissions::kServiceAccountsManage),
      .doc = {.operation_id = "listServiceAccountApiKeys",
              .summary = "A service account's API keys",
              .tag = "api-keys",
              .responses = {{200, "The keys.", "ApiKeyList"},
                            k401,
                            {403, "The caller lacks `service_accounts.manage`.", ""},
                            {404, "No service account with this id.", ""}}},
      .handler = ListHandler<application::ListServiceAccountApiKeysQuery>(
          dispatcher,
          [](const Request& request) {
            return application::ListServiceAccountApiKeysQuery{.account_id = Param(request, "id")};
          }),
  });

  endpoints.push_back({
      .method = Method::kDelete,
      .route = "/api/v1/service-accounts/{id}/api-keys/{keyId}",
      .access = Access::kPermission,
      .permission = std::string(domain::permissions::kServiceAccountsManage),
      .doc = {.operation_id = "revokeServiceAccountApiKey",
              .summary = "Revoke a service account's API key",
              .description = "No escalation: an account holding a permission the caller lacks "
                             "is 403.",
              .tag = "api-keys",
              .responses = {{204, "Revoked (or it was already).", ""},
                            k401,
                            {403,
                             "The caller lacks `service_accounts.manage`, or the account holds a "
                             "permission the caller lacks.",
                             ""},
                            {404, "No such account, or no such key of its.", ""}}},
      .handler = RevokeHandler<application::RevokeServiceAccountApiKeyCommand>(
          dispatcher,
          [](const Request& request) {
            return application::RevokeServiceAccountApiKeyCommand{
                .account_id = Param(request, "id"), .key_id = Param(request, "keyId")};
          }),
  });
  return endpoints;
}

}  // namespace rampart::api
