// /.well-known/*: what other services need to verify our access tokens without a shared secret.
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
      .doc = {.summary = "Public keys that verify access tokens (JWKS)",
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
      .doc = {.summary = "Discovery document (issuer, JWKS location, algorithms)",
              .tag = "discovery",
              .responses = {{200, "The discovery document.", "Discovery"}}},
      .handler =
          [&context](Request&) {
            const auto& issuer = context.issuer;
            json::object body{
                {"issuer", issuer},
                {"jwks_uri", issuer + "/.well-known/jwks.json"},
                {"token_endpoint", issuer + "/api/v1/auth/login"},
                {"subject_types_supported", json::array{"public"}},
                {"id_token_signing_alg_values_supported", SigningAlgorithms(context)},
                {"token_endpoint_auth_methods_supported", json::array{"none"}},
                {"claims_supported",
                 json::array{"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid", "ver", "roles", "perm"}},
            };
            auto response = JsonResponse(200, body);
            response.SetHeader("Cache-Control", "public, max-age=300");
            return response;
          },
  });
  return endpoints;
}

}  // namespace rampart::api
