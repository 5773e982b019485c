// GET /api/v1/features: the feature flags (system.read), each with its value in this process and
// where that value came from (docs/configuration.md#feature-flags).
#include <boost/json.hpp>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"
#include "application/features/list_features.hpp"

namespace rampart::api {

namespace json = boost::json;

std::vector<Endpoint> FeaturesEndpoints(ApiContext& context) {
  auto& dispatcher = context.dispatcher;
  const std::string permission(domain::permissions::kSystemRead);
  std::vector<Endpoint> endpoints;
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/api/v1/features",
      .access = Access::kPermission,
      .permission = permission,
      .doc = {.operation_id = "listFeatures",
              .summary = "The feature flags and their values",
              .description =
                  "Every flag declared in code, with its type, its value in this instance and "
                  "where the value came from: `default`, a configuration file and line, an "
                  "environment variable (`RAMPART_FEATURES_<NAME>`) or `command line`. Values "
                  "are read again at every reload (SIGHUP, `reload.interval`).",
              .tag = "system",
              .responses = {{200, "The flags.", "FeatureList"},
                            {401, "Missing, invalid or revoked token.", ""},
                            {403, "The token lacks `" + permission + "`.", ""}}},
      .handler =
          [&dispatcher](Request& request) {
            auto features = dispatcher.Send(application::ListFeaturesQuery{}, CallerOf(request));
            if (!features) return Problem(features.error(), request);
            json::array items;
            for (const auto& feature : *features) {
              items.push_back(json::object{{"name", feature.name},
                                           {"type", feature.type},
                                           {"value", feature.value},
                                           {"source", feature.source},
                                           {"description", feature.description}});
            }
            auto response = JsonResponse(200, json::object{{"items", std::move(items)}});
            response.SetHeader("Cache-Control", "no-store");
            return response;
          },
  });
  return endpoints;
}

}  // namespace rampart::api
