// /health/*: liveness (the process answers) and readiness (its dependencies answer).
#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "application/cache/identity_cache.hpp"
#include "common/log.hpp"

namespace rampart::api {

namespace json = boost::json;

std::vector<Endpoint> HealthEndpoints(ApiContext& context) {
  auto& database = context.services.database;
  auto* identity_cache = context.services.identity_cache;
  auto queue_ping = context.queue_ping;
  std::vector<Endpoint> endpoints;
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/health/live",
      .execution = Execution::kInline,
      .doc = {.summary = "Liveness: the process is up",
              .description = "Cheap; touches no dependency. For orchestrator liveness probes.",
              .tag = "health",
              .responses = {{200, "Up.", "Health"}}},
      .handler = [](Request&) { return Response::Json(200, R"({"status":"up"})"); },
  });
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/health/ready",
      .doc = {.summary = "Readiness: every required dependency answers",
              .description = "Checks the database, the cache and the message queue with a "
                             "round trip each and reports their latency. 503 when a required "
                             "dependency (the database) is down; a cache or queue that does not "
                             "answer is `degraded` (200: reads then go to the database, mails "
                             "wait in the outbox).",
              .tag = "health",
              .responses = {{200, "Ready.", "Health"},
                            {503, "A required dependency is down.", "Health"}}},
      .handler =
          [&database, identity_cache, queue_ping](Request&) {
            const auto start = std::chrono::steady_clock::now();
            bool up = true;
            try {
              database.Ping();
            } catch (const std::exception& error) {
              up = false;
              log::Warn("health", "database check failed", {{"error", error.what()}});
            }
            const double latency_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            json::object check{{"status", up ? "up" : "down"},
                               {"latencyMs", std::round(latency_ms * 1000) / 1000}};
            json::object checks{{"database", std::move(check)}};
            bool degraded = false;
            if (identity_cache != nullptr) {
              const auto cache = identity_cache->Backend().Health();
              degraded = cache.status == application::CacheHealth::Status::kDegraded;
              json::object cache_check{{"status", degraded ? "degraded" : "up"},
                                       {"latencyMs", std::round(cache.latency.count()) / 1000}};
              if (degraded) {
                cache_check["detail"] = cache.detail;
                log::Warn("health", "cache degraded", {{"error", cache.detail}});
              }
              checks["cache"] = std::move(cache_check);
            }
            if (queue_ping) {
              const auto queue_start = std::chrono::steady_clock::now();
              std::string failure;
              try {
                queue_ping();
              } catch (const std::exception& error) {
                failure = error.what();
              }
              const double queue_ms = std::chrono::duration<double, std::milli>(
                                          std::chrono::steady_clock::now() - queue_start)
                                          .count();
              json::object queue_check{{"status", failure.empty() ? "up" : "degraded"},
                                       {"latencyMs", std::round(queue_ms * 1000) / 1000}};
              if (!failure.empty()) {
                degraded = true;
                queue_check["detail"] = "the message queue does not answer";
                log::Warn("health", "queue degraded", {{"error", failure}});
              }
              checks["queue"] = std::move(queue_check);
            }
            json::object body{{"status", !up        ? "down"
                                         : degraded ? "degraded"
                                                    : "up"},
                              {"checks", std::move(checks)}};
            auto response = JsonResponse(up ? 200 : 503, body);
            response.SetHeader("Cache-Control", "no-store");
            return response;
          },
  });
  return endpoints;
}

}  // namespace rampart::api
