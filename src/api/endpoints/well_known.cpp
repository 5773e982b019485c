// /.well-known/*: what other services need to verify our access tokens without a shared secret,
// and what an OAuth client needs to find the token endpoint.
#include <boost/json.hpp>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"

namespace rampart::api {

namespace json = boost::json;

namespace {

// The algorithms of the keys in the JWKS now (ES256, EdDSA): they change with a rotation.
json::array SigningAlgorithms(const ApiContext& context) {
  json::array algorithms;
  if (context.signing_algorithms) {
    for (const auto& name : context.signing_algorithms()) algorithms.push_back(json::string(name));
  }
  if (algorithms.empty()) algorithms.push_back("ES256");
  return algorithms;
}

}  // namespace

std::vector<Endpoint> WellKnownEndpoints(ApiContext& context) {
  std::vector<Endpoint> endpoints;
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/.well-known/jwks.json",
      .execution = Execution::kInline,
      .doc = {.operation_id = "jwks",
              .summary = "Public keys that verify access tokens (JWKS)",
              .description = "Every key in the ring, including verification-only keys kept "
                             "during rotation. Tokens name their key with `kid`.",
              .tag = "discovery",
              .responses = {{200, "The JSON Web Key Set.", "Jwks"}}},
      .handler =
          [&context](Request&) {
            auto response = Response::Json(200, context.jwks_json());
            response.SetHeader("Cache-Control", "public, max-age=300");
            return response;
          },
  });
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/.well-known/openid-configuration",
      .execution = Execution::kInline,
      .doc = {.operation_id = "openidConfiguration",
              .summary = "Discovery document (issuer, JWKS location, token endpoint)",
              .description =
                  "What a service that verifies rampart's access tokens, or an OAuth client of "
                  "the client credentials grant, needs: `issuer` (the `iss` claim), `jwks_uri`, "
                  "`token_endpoint` (`POST /oauth/token`), `grant_types_supported` "
                  "(`client_credentials` only) and `token_endpoint_auth_methods_supported` "
                  "(`client_secret_basic`, `client_secret_post`). It states only what rampart "
                  "supports: no authorization endpoint (so `response_types_supported` is empty) "
                  "and no ID-token fields (no ID tokens are issued). docs/security.md explains "
                  "each field.",
              .tag = "discovery",
              .responses = {{200, "The discovery document.", "Discovery"}}},
      .handler =
          [&context](Request&) {
            const auto& issuer = context.issuer;
            // OpenID Connect Discovery 1.0 §3, limited to what rampart does (docs/security.md,
            // "Discovery document"): it verifies as a JWT issuer, it is no OpenID Provider yet.
            json::object body{
                {"issuer", issuer},
                {"jwks_uri", issuer + "/.well-known/jwks.json"},
                {"subject_types_supported", json::array{"public"}},
                {"response_types_supported", json::array{}},
                // RFC 8414 §2: the client credentials grant of POST /oauth/token, nothing else.
                {"token_endpoint", issuer + "/oauth/token"},
                {"grant_types_supported", json::array{"client_credentials"}},
                {"token_endpoint_auth_methods_supported",
                 json::array{"client_secret_basic", "client_secret_post"}},
                // Not OpenID metadata (no ID tokens): which algorithms sign the access tokens.
                {"access_token_signing_alg_values_supported", SigningAlgorithms(context)},
            };
            auto response = JsonResponse(200, body);
            response.SetHeader("Cache-Control", "public, max-age=300");
            return response;
          },
  });
  return endpoints;
}

}  // namespace rampart::api
