// POST /oauth/token: the OAuth 2.0 token endpoint, client credentials grant only (RFC 6749
// §4.4; docs/security.md#service-accounts). Outside /api/v1 and answering in OAuth's own error
// format (§5.2: `{error, error_description}`), which OAuth clients read, not problem+json.
#include <boost/json.hpp>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/endpoints/oauth_form.hpp"
#include "api/http/problem.hpp"
#include "application/auth/client_credentials.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

Response NoStore(Response response) {
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("Pragma", "no-cache");
  return response;
}

Response OAuthError(int status, std::string_view error, std::string_view description) {
  Response response = NoStore(
      JsonResponse(status, json::object{{"error", error}, {"error_description", description}}));
  // RFC 6749 §5.2: a 401 names the scheme the client may authenticate with.
  if (status == 401) response.SetHeader("WWW-Authenticate", R"(Basic realm="rampart")");
  return response;
}

Response InvalidClient() {
  return OAuthError(401, "invalid_client", "Client authentication failed.");
}

Response Grant(application::Dispatcher& dispatcher, Request& request) {
  if (!IsFormMediaType(request.Header("content-type"))) {
    return OAuthError(400, "invalid_request",
                      "The body must be sent as application/x-www-form-urlencoded.");
  }
  const auto form = ParseForm(request.body);
  if (!form) {
    return OAuthError(400, "invalid_request", "The form is malformed or repeats a parameter.");
  }
  const auto parameter = [&](const char* name) -> std::optional<std::string> {
    const auto found = form->find(name);
    if (found == form->end()) return std::nullopt;
    return found->second;
  };
  const auto grant_type = parameter("grant_type");
  if (!grant_type || grant_type->empty()) {
    return OAuthError(400, "invalid_request", "grant_type is required.");
  }
  if (*grant_type != "client_credentials") {
    return OAuthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
  }
  // One client authentication method (§2.3): HTTP Basic or the form's client_id/client_secret.
  const std::string_view authorization = request.Header("authorization");
  const bool basic = IsBasicScheme(authorization);
  const auto form_secret = parameter("client_secret");
  if (basic && form_secret) {
    return OAuthError(400, "invalid_request", "Use one client authentication method.");
  }
  application::ClientCredentialsGrant command{.scope = parameter("scope")};
  if (basic) {
    auto credentials = BasicCredentials(authorization);
    if (!credentials) return InvalidClient();
    // A client_id in the form too must name the same client.
    if (const auto id = parameter("client_id"); id && *id != credentials->client_id) {
      return OAuthError(400, "invalid_request", "client_id does not match the credentials.");
    }
    command.client_id = std::move(credentials->client_id);
    command.client_secret = std::move(credentials->client_secret);
  } else {
    auto id = parameter("client_id");
    if (!id || id->empty() || !form_secret || form_secret->empty()) return InvalidClient();
    command.client_id = std::move(*id);
    command.client_secret = *form_secret;
  }
  auto token = dispatcher.Send(command, CallerOf(request));
  if (!token) {
    switch (token.error().code) {
      case domain::ErrorCode::kUnauthorized:
        return InvalidClient();
      case domain::ErrorCode::kValidation:
        return OAuthError(400, "invalid_scope", token.error().detail);
      default:
        return Problem(token.error(), request);  // 503 and the like: not an OAuth outcome
    }
  }
  json::object body{{"access_token", token->access_token},
                    {"token_type", "Bearer"},
                    {"expires_in", token->expires_in.count()}};
  if (token->scope) {
    std::string scope;
    for (const auto& name : *token->scope) scope += (scope.empty() ? "" : " ") + name;
    body["scope"] = scope;
  }
  return NoStore(JsonResponse(200, body));
}

}  // namespace

std::vector<Endpoint> OAuthEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  std::vector<Endpoint> endpoints;
  endpoints.push_back({
      .method = Method::kPost,
      .route = "/oauth/token",
      .access = Access::kPublic,
      .doc = {.operation_id = "oauthToken",
              .summary = "OAuth 2.0 token endpoint (client credentials)",
              .description =
                  "RFC 6749 §4.4: a service account authenticates with its client id and secret "
                  "(HTTP Basic, `client_secret_basic`, or the form's `client_id` and "
                  "`client_secret`, `client_secret_post`) and receives an access token (RFC "
                  "9068 `at+jwt` with `client_id` and `sub` = the account's id) and no refresh "
                  "token. `scope` (optional): space-separated permission names the account "
                  "holds; the token is limited to them. Errors in OAuth's format "
                  "(`invalid_request`, `invalid_client` 401 with `WWW-Authenticate`, "
                  "`invalid_scope`, `unsupported_grant_type`). docs/security.md.",
              .tag = "oauth",
              .request_schema_ref = "ClientCredentialsRequest",
              .request_media_type = "application/x-www-form-urlencoded",
              .responses = {{200, "The access token (Cache-Control: no-store).", "OAuthToken"},
                            {400, "invalid_request, invalid_scope or unsupported_grant_type.",
                             "OAuthError"},
                            {401, "invalid_client: unknown client, wrong secret, disabled account.",
                             "OAuthError"}}},
      .handler = [&dispatcher](Request& request) { return Grant(dispatcher, request); },
  });
  return endpoints;
}

}  // namespace rampart::api
