// /health/*: liveness (the process answers) and readiness (its dependencies answer), and the
// detailed operator view GET /health (system.read).
#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/json_io.hpp"
#include "application/ports/cache.hpp"
#include "common/log.hpp"
#include "common/repeated_warnings.hpp"
#include "domain/permission.hpp"
#include "domain/time.hpp"

namespace rampart::api {

namespace json = boost::json;

namespace {

double Milliseconds(std::chrono::steady_clock::time_point start) {
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return std::round(ms * 1000) / 1000;
}

// The readiness checks: one round trip per dependency.
struct Readiness {
  bool up = true;         // the database (required) answered
  bool degraded = false;  // an optional dependency did not
  json::object checks;

  std::string_view Status() const { return !up ? "down" : degraded ? "degraded" : "up"; }
};

Readiness CheckDependencies(application::UnitOfWorkFactory& database,
                            application::Cache* cache_backend,
                            const std::function<void()>& queue_ping) {
  Readiness result;
  const auto start = std::chrono::steady_clock::now();
  try {
    database.Ping();
  } catch (const std::exception& error) {
    result.up = false;
    log::WarnCoalesced("health", "database check failed", {{"error", error.what()}});
  }
  result.checks["database"] =
      json::object{{"status", result.up ? "up" : "down"}, {"latencyMs", Milliseconds(start)}};
  if (cache_backend != nullptr) {
    const auto cache = cache_backend->Health();
    const bool degraded = cache.status == application::CacheHealth::Status::kDegraded;
    json::object check{{"status", degraded ? "degraded" : "up"},
                       {"latencyMs", std::round(cache.latency.count()) / 1000}};
    if (degraded) {
      result.degraded = true;
      check["detail"] = cache.detail;
      log::WarnCoalesced("health", "cache degraded", {{"error", cache.detail}});
    }
    result.checks["cache"] = std::move(check);
  }
  if (queue_ping) {
    const auto queue_start = std::chrono::steady_clock::now();
    std::string failure;
    try {
      queue_ping();
    } catch (const std::exception& error) {
      failure = error.what();
    }
    json::object check{{"status", failure.empty() ? "up" : "degraded"},
                       {"latencyMs", Milliseconds(queue_start)}};
    if (!failure.empty()) {
      result.degraded = true;
      check["detail"] = "the message queue does not answer";
      log::WarnCoalesced("health", "queue degraded", {{"error", failure}});
    }
    result.checks["queue"] = std::move(check);
  }
  return result;
}

json::value OrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::string(text);
}

json::object OutboxJson(const SystemStatus::Outbox& outbox) {
  return {{"depth", outbox.depth},
          {"oldestAgeSeconds", std::round(outbox.oldest_age_seconds * 1000) / 1000},
          {"dead", outbox.dead}};
}

json::object QueueJson(const SystemStatus::Queue& queue) {
  const auto count = [](const std::optional<long long>& value) -> json::value {
    if (!value) return nullptr;
    return *value;
  };
  json::object out{{"kind", queue.kind},
                   {"depth", count(queue.depth)},
                   {"inFlight", count(queue.in_flight)},
                   {"deadLetters", count(queue.dead_letters)}};
  if (queue.max_receives || !queue.dead_letter_queue.empty()) {
    out["redrivePolicy"] =
        json::object{{"deadLetterQueue", queue.dead_letter_queue},
                     {"maxReceiveCount", queue.max_receives ? json::value(*queue.max_receives)
                                                            : json::value(nullptr)}};
  }
  if (queue.oldest_received_age_seconds) {
    out["oldestReceivedAgeSeconds"] = *queue.oldest_received_age_seconds;
  }
  if (!queue.circuit_breaker.empty()) out["circuitBreaker"] = queue.circuit_breaker;
  return out;
}

// The operator's details: client state of each dependency and the process statistics.
void AddDetails(json::object& body, const SystemStatus& status) {
  body["environment"] = status.environment;
  body["commit"] = status.commit;
  const auto& db = status.database;
  json::object database{
      {"adapter", db.adapter},
      {"pool",
       json::object{
           {"inUse", db.in_use}, {"idle", db.idle}, {"waiting", db.waiting}, {"max", db.max}}},
      {"circuitBreaker", OrNull(db.circuit_breaker)}};
  if (db.connect_failures) database["connectFailures"] = *db.connect_failures;
  body["database"] = std::move(database);
  body["cache"] = json::object{{"enabled", status.cache.enabled},
                               {"kind", status.cache.kind},
                               {"circuitBreaker", OrNull(status.cache.circuit_breaker)}};
  const auto& messaging = status.messaging;
  if (messaging.running) {
    body["outbox"] = OutboxJson(messaging.outbox);
    body["queue"] = QueueJson(messaging.queue);
    body["events"] = json::object{{"outbox", OutboxJson(messaging.events_outbox)},
                                  {"queue", QueueJson(messaging.events_queue)}};
  }
  if (!status.secrets.empty()) {
    json::array secrets;
    for (const auto& secret : status.secrets) {
      json::object entry{{"id", secret.id},
                         {"versionId", secret.version_id},
                         {"ageSeconds", secret.age_seconds},
                         {"stale", secret.stale}};
      if (!secret.last_error.empty()) entry["lastError"] = secret.last_error;
      secrets.push_back(std::move(entry));
    }
    body["secrets"] = std::move(secrets);
  }
  if (!status.process) return;
  const auto& process = *status.process;
  const auto started = std::chrono::sys_seconds(
      std::chrono::seconds(static_cast<std::int64_t>(process.start_time_unix)));
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  body["startedAt"] = domain::FormatRfc3339(started);
  body["uptimeSeconds"] = std::max(0.0, std::round((now - process.start_time_unix) * 10) / 10);
  body["process"] = json::object{{"residentBytes", process.resident_bytes},
                                 {"threads", process.threads},
                                 {"openFds", process.open_fds},
                                 {"maxFds", process.max_fds},
                                 {"cpuSeconds", std::round(process.cpu_seconds * 100) / 100}};
}

// The answer of a readiness check: 503 while a required dependency is down, which is the
// probe's answer and not a failure of this service (kept out of the 5xx error rate).
Response ReadinessResponse(bool up, const json::object& body) {
  auto response = JsonResponse(up ? 200 : 503, body);
  response.SetHeader("Cache-Control", "no-store");
  response.expected_unavailable = !up;
  return response;
}

}  // namespace

std::vector<Endpoint> HealthEndpoints(ApiContext& context) {
  auto& database = context.services.database;
  auto* cache = context.cache;
  auto queue_ping = context.queue_ping;
  std::vector<Endpoint> endpoints;
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/health/live",
      .execution = Execution::kInline,
      .doc = {.operation_id = "healthLive",
              .summary = "Liveness: the process is up",
              .description = "Cheap; touches no dependency. For orchestrator liveness probes.",
              .tag = "health",
              .responses = {{200, "Up.", "Health"}}},
      .handler = [](Request&) { return Response::Json(200, R"({"status":"up"})"); },
  });
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/health/ready",
      .doc = {.operation_id = "healthReady",
              .summary = "Readiness: every required dependency answers",
              .description = "Checks the database, the cache and the message queue with a "
                             "round trip each and reports their latency. 503 when a required "
                             "dependency (the database) is down, and at once (`draining`) from "
                             "the moment the instance is asked to shut down; a cache or queue "
                             "that does not answer is `degraded` (200: reads then go to the "
                             "database, mails wait in the outbox). The database check takes at "
                             "most 1 s.",
              .tag = "health",
              .responses = {{200, "Ready.", "Health"},
                            {503, "A required dependency is down.", "Health"}}},
      .handler =
          [&database, cache, queue_ping](Request&) {
            auto readiness = CheckDependencies(database, cache, queue_ping);
            json::object body{{"status", readiness.Status()},
                              {"checks", std::move(readiness.checks)}};
            return ReadinessResponse(readiness.up, body);
          },
      // Lame duck (server.drain_delay): 503 at once on the I/O thread, so that load balancers
      // take the instance out while it still serves what they send meanwhile.
      .fast_path =
          [draining = context.draining](Request&, FastPathDone done) {
            if (draining && draining()) {
              return done(ReadinessResponse(false, json::object{{"status", "draining"}}));
            }
            done(std::nullopt);
          },
  });
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/health",
      .access = Access::kPermission,
      .permission = std::string(domain::permissions::kSystemRead),
      .doc = {.operation_id = "health",
              .summary = "Detailed health for operators",
              .description =
                  "The readiness checks plus what an operator looks at first: version, commit, "
                  "environment, start time and uptime; the database adapter with its pool "
                  "(in use, idle, waiting, max) and circuit breaker; the cache kind and its "
                  "breaker; outbox depth and the age of its oldest message; queue depth and "
                  "dead letters; the age of each Secrets Manager secret the configuration reads "
                  "(`secrets`, stale while its refresh fails); the process's resident memory, "
                  "threads and file descriptors. No connection string or other secret. 503 when "
                  "the database is down "
                  "(docs/observability.md).",
              .tag = "health",
              .responses = {{200, "Healthy or degraded.", "HealthDetails"},
                            {401, "Missing, invalid or revoked token.", ""},
                            {403, "The token lacks `system.read`.", ""},
                            {503, "The database is down.", "HealthDetails"}}},
      .handler =
          [&database, cache, queue_ping, version = context.version,
           system_status = context.system_status](Request&) {
            auto readiness = CheckDependencies(database, cache, queue_ping);
            json::object body{{"status", readiness.Status()}, {"version", version}};
            if (system_status) AddDetails(body, system_status());
            body["checks"] = std::move(readiness.checks);
            return ReadinessResponse(readiness.up, body);
          },
  });
  return endpoints;
}

}  // namespace rampart::api
