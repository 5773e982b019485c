// GET /api/v1/features: the feature flags (system.read), each with its value in this process and
// where that value came from (docs/configuration.md#feature-flags).
#include <boost/json.hpp>

#include "api/endpoints/binding.hpp"
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "application/features/list_features.hpp"

namespace rampart::api {

namespace {

namespace json = boost::json;

Response FeatureList(const std::vector<application::FeatureView>& features) {
  json::array items;
  for (const auto& feature : features) {
    items.push_back(json::object{{"name", feature.name},
                                 {"type", feature.type},
                                 {"value", feature.value},
                                 {"source", feature.source},
                                 {"description", feature.description}});
  }
  return NoStore(JsonResponse(200, json::object{{"items", std::move(items)}}));
}

}  // namespace

std::vector<Endpoint> FeaturesEndpoints(ApiContext& context) {
  std::vector<Endpoint> endpoints;
  endpoints.push_back(Map<application::ListFeaturesQuery>(
      context.dispatcher, Method::kGet, "/api/v1/features",
      {.operation_id = "listFeatures",
       .summary = "The feature flags and their values",
       .description = "Every flag declared in code, with its type, its value in this instance and "
                      "where the value came from: `default`, a configuration file and line, an "
                      "environment variable (`RAMPART_FEATURES_<NAME>`) or `command line`. Values "
                      "are read again at every reload (SIGHUP, `reload.interval`).",
       .tag = "system",
       .responses = {{200, "The flags.", "FeatureList"}}},
      BindNothing, FeatureList));
  return endpoints;
}

}  // namespace rampart::api
