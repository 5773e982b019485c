// /api/v1/service-accounts*: principals for programs, managed with `service_accounts.manage`
// (docs/security.md#service-accounts). Their client secrets are shown once, at creation and
// rotation.
#include <boost/json.hpp>

#include "api/endpoints/credential_json.hpp"
#include "api/endpoints/endpoint_helpers.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/service_accounts/service_accounts.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

const std::string kPermission(domain::permissions::kServiceAccountsManage);
const OpenApiResponse k401{401, "Missing, invalid or revoked token.", ""};
const OpenApiResponse k403{403, "The caller lacks `service_accounts.manage`.", ""};
const OpenApiResponse k403Change{
    403,
    "The caller lacks `service_accounts.manage`, or a permission the account holds (or would be "
    "given through a role).",
    ""};
const OpenApiResponse k404{404, "No service account with this id.", ""};

Endpoint Managed(Method method, std::string route, OpenApiDoc doc, Handler handler) {
  doc.tag = "service-accounts";
  return {.method = method,
          .route = std::move(route),
          .access = Access::kPermission,
          .permission = kPermission,
          .doc = std::move(doc),
          .handler = std::move(handler)};
}

}  // namespace

std::vector<Endpoint> ServiceAccountEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;

  endpoints.push_back(Managed(
      Method::kPost, "/api/v1/service-accounts",
      {.operation_id = "createServiceAccount",
       .summary = "Create a service account",
       .description = "`name`: a lowercase slug, unique. Answers the client id and the client "
                      "secret: the secret is shown this once (only its SHA-256 is kept). Audited "
                      "as `service_account.created`.",
       .request_schema_ref = "CreateServiceAccountRequest",
       .responses =
           {{201, "The account with its client secret.", "ServiceAccountWithSecret"},
            k401,
            {403, "The caller lacks `service_accounts.manage`, or a permission of a role given.",
             ""},
            {409, "A service account with this name exists.", ""},
            {422, "Invalid fields or an unknown role.", ""}}},
      [&dispatcher](Request& request) {
        auto body = ParseJsonObject(request);
        if (!body) return body.error();
        FieldReader fields(*body);
        application::CreateServiceAccountCommand command{
            .name = fields.Required("name", "Name"),
            .description = fields.Optional("description", "Description").value_or(""),
            .roles = fields.OptionalStrings("roles", "Roles").value_or(std::vector<std::string>{})};
        if (!fields.Ok()) return Problem(fields.Error(), request);
        auto created = dispatcher.Send(command, CallerOf(request));
        if (!created) return Problem(created.error(), request);
        auto response = NoStore(JsonResponse(201, ServiceAccountWithSecretJson(*created)));
        response.SetHeader("Location", "/api/v1/service-accounts/" + created->account.id);
        return response;
      }));

  endpoints.push_back(Managed(
      Method::kGet, "/api/v1/service-accounts",
      {.operation_id = "listServiceAccounts",
       .summary = "List service accounts",
       .description = "Every service account, by name (never a secret).",
       .responses = {{200, "The accounts.", "ServiceAccountList"}, k401, k403}},
      [&dispatcher](Request& request) {
        auto accounts = dispatcher.Send(application::ListServiceAccountsQuery{}, CallerOf(request));
        if (!accounts) return Problem(accounts.error(), request);
        json::array items;
        for (const auto& account : *accounts) items.push_back(ServiceAccountJson(account));
        return NoStore(JsonResponse(200, items));
      }));

  endpoints.push_back(
      Managed(Method::kGet, "/api/v1/service-accounts/{id}",
              {.operation_id = "getServiceAccount",
               .summary = "A service account",
               .responses = {{200, "The account.", "ServiceAccount"}, k401, k403, k404}},
              [&dispatcher](Request& request) {
                auto account = dispatcher.Send(
                    application::GetServiceAccountQuery{.id = IdOf(request)}, CallerOf(request));
                if (!account) return Problem(account.error(), request);
                return NoStore(JsonResponse(200, ServiceAccountJson(*account)));
              }));

  endpoints.push_back(Managed(
      Method::kPatch, "/api/v1/service-accounts/{id}",
      {.operation_id = "updateServiceAccount",
       .summary = "Change, disable or enable a service account",
       .description = "Only the fields present change. `roles` replaces the account's roles. "
                      "`disabled: true` stops its access tokens and API keys at once and refuses "
                      "new tokens; `false` lets it ask again. Audited as "
                      "`service_account.updated`, `.disabled`, `.enabled`.",
       .request_schema_ref = "UpdateServiceAccountRequest",
       .responses = {{200, "The account.", "ServiceAccount"},
                     k401,
                     k403Change,
                     k404,
                     {409, "A service account with this name exists.", ""},
                     {422, "Invalid fields or an unknown role.", ""}}},
      [&dispatcher](Request& request) {
        auto body = ParseJsonObject(request);
        if (!body) return body.error();
        FieldReader fields(*body);
        application::UpdateServiceAccountCommand command{
            .id = IdOf(request),
            .name = fields.Optional("name", "Name"),
            .description = fields.Optional("description", "Description"),
            .roles = fields.OptionalStrings("roles", "Roles"),
            .disabled = fields.OptionalBool("disabled", "Disabled")};
        if (!fields.Ok()) return Problem(fields.Error(), request);
        auto account = dispatcher.Send(command, CallerOf(request));
        if (!account) return Problem(account.error(), request);
        return NoStore(JsonResponse(200, ServiceAccountJson(*account)));
      }));

  endpoints.push_back(Managed(
      Method::kDelete, "/api/v1/service-accounts/{id}",
      {.operation_id = "deleteServiceAccount",
       .summary = "Delete a service account",
       .description = "With its roles and API keys; its access tokens stop working at once. "
                      "Audited as `service_account.deleted`.",
       .responses = {{204, "Deleted.", ""}, k401, k403Change, k404}},
      [&dispatcher](Request& request) {
        auto done = dispatcher.Send(application::DeleteServiceAccountCommand{.id = IdOf(request)},
                                    CallerOf(request));
        if (!done) return Problem(done.error(), request);
        return Response::NoContent();
      }));

  endpoints.push_back(Managed(
      Method::kPost, "/api/v1/service-accounts/{id}/secret",
      {.operation_id = "rotateServiceAccountSecret",
       .summary = "Rotate a service account's client secret",
       .description = "A new secret, shown this once; the old one and every access token issued "
                      "with it stop working at once. Audited as `service_account.secret.rotated`.",
       .responses = {{200, "The account with its new client secret.", "ServiceAccountWithSecret"},
                     k401,
                     k403Change,
                     k404}},
      [&dispatcher](Request& request) {
        auto rotated = dispatcher.Send(
            application::RotateServiceAccountSecretCommand{.id = IdOf(request)}, CallerOf(request));
        if (!rotated) return Problem(rotated.error(), request);
        return NoStore(JsonResponse(200, ServiceAccountWithSecretJson(*rotated)));
      }));
  return endpoints;
}

}  // namespace rampart::api
