// GET /metrics: the Prometheus text exposition. Public, or guarded by a static scrape token
// (telemetry.metrics_access): scrapers cannot fetch short-lived access tokens.
#include "api/endpoints/endpoints.hpp"
#include "api/middleware/bearer_auth.hpp"
#include "api/http/problem.hpp"

namespace rampart::api {
namespace {

// Compares without an early exit, so the time taken says nothing about where they differ.
bool SameSecret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const unsigned char a = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    difference |= static_cast<unsigned char>(a ^ static_cast<unsigned char>(expected[i]));
  }
  return difference == 0;
}

}  // namespace

std::vector<Endpoint> MetricsEndpoints(ApiContext& context) {
  if (!context.metrics_text) return {};
  auto render = context.metrics_text;
  std::string token = context.metrics_token;
  Endpoint endpoint{
      .method = Method::kGet,
      .route = "/metrics",
      .execution = Execution::kWorker,  // reads /proc and renders every series
      .doc = {.operation_id = "metrics",
              .summary = "Metrics in the Prometheus text format",
              .description =
                  "RED metrics per route, in-flight requests, database, cache and queue "
                  "timings, process statistics and business counters (docs/observability.md). "
                  "Public, or (telemetry.metrics_access = token) behind `Authorization: Bearer "
                  "<telemetry.metrics_token>`.",
              .tag = "operations",
              .responses = {{200, "The exposition (text/plain; version=0.0.4).", ""},
                            {401, "The scrape token is missing or wrong.", ""}}},
      .handler =
          [render, token](Request& request) {
            if (!token.empty() &&
                !SameSecret(BearerToken(request.Header("authorization")), token)) {
              Response denied =
                  ProblemWithStatus(401, "unauthorized", "Unauthorized",
                                    "A valid metrics scrape token is required.", request);
              denied.SetHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
              return denied;
            }
            Response response{200, "text/plain; version=0.0.4; charset=utf-8", render(), {}};
            response.SetHeader("Cache-Control", "no-store");
            return response;
          },
  };
  std::vector<Endpoint> endpoints;
  endpoints.push_back(std::move(endpoint));
  return endpoints;
}

}  // namespace rampart::api
