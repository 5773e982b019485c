#include <memory>

#include "api/endpoints/endpoint_guard.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/openapi/openapi.hpp"

namespace rampart::api {

std::vector<Endpoint> AllEndpoints(ApiContext& context) {
  std::vector<Endpoint> all;
  auto append = [&all](std::vector<Endpoint> group) {
    for (auto& endpoint : group) all.push_back(std::move(endpoint));
  };
  // rampart:begin(iam)
  append(AuthEndpoints(context));
  append(MeEndpoints(context));
  append(MfaEndpoints(context));
  append(SessionEndpoints(context));
  append(UsersEndpoints(context));
  append(RolesEndpoints(context));
  // rampart:end
  append(AuditEndpoints(context));
  append(FeaturesEndpoints(context));
  // rampart:begin(iam)
  append(ServiceAccountEndpoints(context));
  append(ApiKeyEndpoints(context));
  // rampart:end
  append(NotesEndpoints(context));
  // rampart:begin(iam)
  append(OAuthEndpoints(context));
  append(MailPageEndpoints(context));
  append(WellKnownEndpoints(context));
  // rampart:end
  append(HealthEndpoints(context));
  append(ProblemDocEndpoints());
  append(MetricsEndpoints(context));
  append(DocsEndpoints(context));
  // rampart:begin(iam)
  GuardEndpoints(all, context.dispatcher, context.api_keys);
  // rampart:else
  // GuardEndpoints(all, context.dispatcher);
  // rampart:end

  Endpoint openapi{
      .method = Method::kGet,
      .route = "/openapi.json",
      .execution = Execution::kInline,
      .doc = {.operation_id = "openApiDocument",
              .summary = "This API's OpenAPI 3.1 document",
              .tag = "discovery",
              .responses = {{200, "The OpenAPI document.", ""}}},
  };
  all.push_back(openapi);
  // Generated once, after every declaration (including its own) is known.
  auto document = std::make_shared<const std::string>(BuildOpenApiDocument(
      all, {.title = "rampart",
            .version = context.version,
            // rampart:begin(iam)
            .description = "Identity and access service: users, roles, permissions, JWT access "
                           "tokens with rotating refresh tokens, sessions and audit."}));
            // rampart:else
            // .description = "Resources behind the access tokens of a trusted issuer, with "
            //                "audit, health checks and metrics."}));
            // rampart:end
  all.back().handler = [document](Request&) { return Response::Json(200, *document); };
  return all;
}

}  // namespace rampart::api
