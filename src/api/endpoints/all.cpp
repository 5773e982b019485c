#include <memory>

#include "api/endpoints/endpoints.hpp"
#include "api/openapi/openapi.hpp"
#include "api/server/problem.hpp"

namespace rampart::api {

namespace {

// Every endpoint that needs a token first checks, on the worker, that the token has not been
// revoked since it was signed (the signature and claims were checked by bearer-auth already).
void RequireHonouredToken(Endpoint& endpoint,
                          const std::shared_ptr<application::AccessTokenCheck>& check) {
  if (endpoint.access == Access::kPublic || !endpoint.handler) return;
  endpoint.execution = Execution::kWorker;  // the check reads the database
  endpoint.handler = [check, inner = std::move(endpoint.handler)](Request& request) {
    if (request.principal) {
      if (auto honoured = check->Check(*request.principal); !honoured) {
        Response response = Problem(honoured.error(), request);
        response.SetHeader("WWW-Authenticate", R"(Bearer error="invalid_token")");
        return response;
      }
    }
    return inner(request);
  };
}

}  // namespace

std::vector<Endpoint> AllEndpoints(ApiContext& context) {
  std::vector<Endpoint> all;
  auto append = [&all](std::vector<Endpoint> group) {
    for (auto& endpoint : group) all.push_back(std::move(endpoint));
  };
  append(AuthEndpoints(context));
  append(MeEndpoints(context));
  append(SessionEndpoints(context));
  append(WellKnownEndpoints(context));
  append(HealthEndpoints(context));
  append(ProblemDocEndpoints());
  append(MetricsEndpoints(context));
  const auto check =
      context.access_check
          ? context.access_check
          : std::make_shared<application::DatabaseAccessTokenCheck>(context.services);
  for (auto& endpoint : all) RequireHonouredToken(endpoint, check);

  Endpoint openapi{
      .method = Method::kGet,
      .route = "/openapi.json",
      .execution = Execution::kInline,
      .doc = {.summary = "This API's OpenAPI 3.1 document",
              .tag = "discovery",
              .responses = {{200, "The OpenAPI document.", ""}}},
  };
  all.push_back(openapi);
  // Generated once, after every declaration (including its own) is known.
  auto document = std::make_shared<const std::string>(BuildOpenApiDocument(
      all, {.title = "rampart",
            .version = context.version,
            .description = "Identity and access service: users, roles, permissions, JWT access "
                           "tokens with rotating refresh tokens, sessions and audit."}));
  all.back().handler = [document](Request&) { return Response::Json(200, *document); };
  return all;
}

}  // namespace rampart::api
