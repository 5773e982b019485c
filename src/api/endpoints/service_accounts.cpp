// /api/v1/service-accounts*: principals for programs, managed with `service_accounts.manage`
// (docs/security.md#service-accounts). Their client secrets are shown once, at creation and
// rotation.
#include <boost/json.hpp>

#include "api/endpoints/credential_json.hpp"
#include "api/endpoints/binders.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

const OpenApiResponse k403Change{
    403,
    "The caller lacks `service_accounts.manage`, or a permission the account holds (or would be "
    "given through a role).",
    ""};
const OpenApiResponse k404{404, "No service account with this id.", ""};

Response AccountList(const std::vector<domain::ServiceAccount>& accounts) {
  json::array items;
  for (const auto& account : accounts) items.push_back(ServiceAccountJson(account));
  return NoStore(JsonResponse(200, items));
}

Response AccountOk(const domain::ServiceAccount& account) {
  return NoStore(JsonResponse(200, ServiceAccountJson(account)));
}

Response AccountCreated(const application::ServiceAccountWithSecret& created) {
  return Created(ServiceAccountWithSecretJson(created),
                 "/api/v1/service-accounts/" + created.account.id);
}

Response SecretRotated(const application::ServiceAccountWithSecret& rotated) {
  return NoStore(JsonResponse(200, ServiceAccountWithSecretJson(rotated)));
}

}  // namespace

std::vector<Endpoint> ServiceAccountEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  using namespace application;  // NOLINT(google-build-using-namespace): the use cases, by name
  const std::string tag = "service-accounts";
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<CreateServiceAccountCommand>(
      dispatcher, Method::kPost, "/api/v1/service-accounts",
      {.operation_id = "createServiceAccount",
       .summary = "Create a service account",
       .description = "`name`: a lowercase slug, unique. Answers the client id and the client "
                      "secret: the secret is shown this once (only its SHA-256 is kept). Audited "
                      "as `service_account.created`.",
       .tag = tag,
       .request_schema_ref = "CreateServiceAccountRequest",
       .responses =
           {{201, "The account with its client secret.", "ServiceAccountWithSecret"},
            {403, "The caller lacks `service_accounts.manage`, or a permission of a role given.",
             ""},
            {409, "A service account with this name exists.", ""},
            {422, "Invalid fields or an unknown role.", ""}}},
      BindCreateServiceAccount, AccountCreated));
  endpoints.push_back(Map<ListServiceAccountsQuery>(
      dispatcher, Method::kGet, "/api/v1/service-accounts",
      {.operation_id = "listServiceAccounts",
       .summary = "List service accounts",
       .description = "Every service account, by name (never a secret).",
       .tag = tag,
       .responses = {{200, "The accounts.", "ServiceAccountList"}}},
      BindNothing, AccountList));
  endpoints.push_back(Map<GetServiceAccountQuery>(
      dispatcher, Method::kGet, "/api/v1/service-accounts/{id}",
      {.operation_id = "getServiceAccount",
       .summary = "A service account",
       .tag = tag,
       .responses = {{200, "The account.", "ServiceAccount"}, k404}},
      BindGetServiceAccount, AccountOk));
  endpoints.push_back(Map<UpdateServiceAccountCommand>(
      dispatcher, Method::kPatch, "/api/v1/service-accounts/{id}",
      {.operation_id = "updateServiceAccount",
       .summary = "Change, disable or enable a service account",
       .description = "Only the fields present change. `roles` replaces the account's roles. "
                      "`disabled: true` stops its access tokens and API keys at once and refuses "
                      "new tokens; `false` lets it ask again. Audited as "
                      "`service_account.updated`, `.disabled`, `.enabled`.",
       .tag = tag,
       .request_schema_ref = "UpdateServiceAccountRequest",
       .responses = {{200, "The account.", "ServiceAccount"},
                     k403Change,
                     k404,
                     {409, "A service account with this name exists.", ""},
                     {422, "Invalid fields or an unknown role.", ""}}},
      BindUpdateServiceAccount, AccountOk));
  endpoints.push_back(Map<DeleteServiceAccountCommand>(
      dispatcher, Method::kDelete, "/api/v1/service-accounts/{id}",
      {.operation_id = "deleteServiceAccount",
       .summary = "Delete a service account",
       .description = "With its roles and API keys; its access tokens stop working at once. "
                      "Audited as `service_account.deleted`.",
       .tag = tag,
       .responses = {{204, "Deleted.", ""}, k403Change, k404}},
      BindDeleteServiceAccount, NoContent));
  endpoints.push_back(Map<RotateServiceAccountSecretCommand>(
      dispatcher, Method::kPost, "/api/v1/service-accounts/{id}/secret",
      {.operation_id = "rotateServiceAccountSecret",
       .summary = "Rotate a service account's client secret",
       .description = "A new secret, shown this once; the old one and every access token issued "
                      "with it stop working at once. Audited as `service_account.secret.rotated`.",
       .tag = tag,
       .responses = {{200, "The account with its new client secret.", "ServiceAccountWithSecret"},
                     k403Change,
                     k404}},
      BindRotateServiceAccountSecret, SecretRotated));
  return endpoints;
}

application::CreateServiceAccountCommand BindCreateServiceAccount(Input& in) {
  return {.name = in.Required("name", "Name"),
          .description = in.Optional("description", "Description").value_or(""),
          .roles = in.Strings("roles", "Roles").value_or(std::vector<std::string>{})};
}

application::GetServiceAccountQuery BindGetServiceAccount(Input& in) {
  return {.id = in.Path("id")};
}

application::UpdateServiceAccountCommand BindUpdateServiceAccount(Input& in) {
  return {.id = in.Path("id"),
          .name = in.Optional("name", "Name"),
          .description = in.Optional("description", "Description"),
          .roles = in.Strings("roles", "Roles"),
          .disabled = in.Bool("disabled", "Disabled")};
}

application::DeleteServiceAccountCommand BindDeleteServiceAccount(Input& in) {
  return {.id = in.Path("id")};
}

application::RotateServiceAccountSecretCommand BindRotateServiceAccountSecret(Input& in) {
  return {.id = in.Path("id")};
}

}  // namespace rampart::api
