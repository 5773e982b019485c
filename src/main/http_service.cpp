#include "main/http_service.hpp"

#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/system_status.hpp"
#include "api/middleware/default_middleware.hpp"
#include "api/http/router.hpp"
#include "api/server/server.hpp"
#include "api/server/worker_pool.hpp"
#include "application/cache/cached_access_token_check.hpp"  // rampart:only(iam)
#include "common/log.hpp"
#include "infrastructure/redis/redis_client.hpp"  // rampart:only(redis)
#include "infrastructure/security/key_ring.hpp"  // rampart:only(iam)
#include "infrastructure/telemetry/prometheus.hpp"
#include "infrastructure/telemetry/telemetry_runtime.hpp"
#include "main/build_info.hpp"
#include "main/config/value_parsers.hpp"
#include "main/outbound.hpp"
#include "main/reloader.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {
namespace {

// Validated when the configuration was loaded.
std::vector<net::IpNetwork> TrustedProxies(const config::Settings& settings) {
  std::vector<net::IpNetwork> networks;
  for (const auto& entry : settings.trusted_proxies) {
    if (auto network = net::IpNetwork::Parse(entry)) networks.push_back(*network);
  }
  return networks;
}

api::PipelineOptions PipelineOptionsFrom(const config::Settings& settings,
                                         Composition& composition) {
  api::PipelineOptions options{
      .security_headers = {.hsts = settings.tls_enabled || settings.behind_tls},
      .max_in_flight = settings.max_in_flight,
      .telemetry = {.slow_request_threshold = settings.slow_request_threshold},
      // rampart:begin(iam)
      .access_log = {.log_probes = settings.log_access_probes},
      .api_keys = &composition.ApiKeys()};
      // rampart:else
      // .access_log = {.log_probes = settings.log_access_probes}};
      // rampart:end
  if (!settings.cors_origins.empty()) {
    options.cors = api::CorsPolicy{.origins = settings.cors_origins,
                                   .methods = settings.cors_methods,
                                   .headers = settings.cors_headers,
                                   .expose_headers = settings.cors_expose_headers,
                                   .credentials = settings.cors_credentials,
                                   .max_age = settings.cors_max_age};
  }
  if (settings.rate_limit_enabled) {
    options.rate_limits = &composition.RateLimits();
    options.rate_limit_policies = {.ip = {.name = "ip",
                                          .limit = settings.rate_limit_ip_limit,
                                          .window = settings.rate_limit_ip_window},
                                   // rampart:begin(iam)
                                   .user = {.name = "user",
                                            .limit = settings.rate_limit_user_limit,
                                            .window = settings.rate_limit_user_window},
                                   .auth = {.name = "auth",
                                            .limit = settings.rate_limit_auth_limit,
                                            .window = settings.rate_limit_auth_window}};
                                   // rampart:else
                                   // .user = {.name = "user",
                                   //          .limit = settings.rate_limit_user_limit,
                                   //          .window = settings.rate_limit_user_window}};
                                   // rampart:end
  }
  return options;
}

}  // namespace

namespace {

// The worker pool's load, read at each metrics collection.
std::vector<telemetry::CallbackHandle> RegisterWorkerPoolMetrics(const api::WorkerPool& pool) {
  using telemetry::MetricType;
  auto& metrics = telemetry::Metrics();
  std::vector<telemetry::CallbackHandle> handles;
  handles.push_back(metrics.AddCallback(
      {"rampart.worker_pool.queued", "Blocking jobs waiting for a worker.", "{job}",
       MetricType::kGauge},
      [&pool](telemetry::Observer& out) { out.Observe(static_cast<double>(pool.Queued())); }));
  handles.push_back(metrics.AddCallback(
      {"rampart.worker_pool.busy", "Workers running a job.", "{worker}", MetricType::kGauge},
      [&pool](telemetry::Observer& out) { out.Observe(static_cast<double>(pool.Busy())); }));
  handles.push_back(metrics.AddCallback(
      {"rampart.worker_pool.threads", "Worker threads.", "{worker}", MetricType::kGauge},
      [&pool](telemetry::Observer& out) { out.Observe(static_cast<double>(pool.Threads())); }));
  handles.push_back(metrics.AddCallback(
      {"rampart.worker_pool.rejected", "Jobs refused because the queue was full (503).", "{job}",
       MetricType::kCounter},
      [&pool](telemetry::Observer& out) { out.Observe(static_cast<double>(pool.Rejected())); }));
  return handles;
}

// What an on-call alerts on beside the request metrics: which build runs.
// Whether the Redis connection is up (the cache and the shared rate limits degrade while it is not).  // rampart:only(redis)
std::vector<telemetry::CallbackHandle> RegisterServiceMetrics(
    [[maybe_unused]] Composition& composition) {
  using telemetry::MetricType;
  auto& metrics = telemetry::Metrics();
  std::vector<telemetry::CallbackHandle> handles;
  handles.push_back(metrics.AddCallback({"rampart.build_info",
                                         "Version and commit of the running binary (always 1).",
                                         "1",
                                         MetricType::kGauge,
                                         {"version", "commit"}},
                                        [](telemetry::Observer& out) {
                                          out.Observe(1, {RAMPART_VERSION, BuildCommit()});
                                        }));
  // rampart:begin(redis)
  if (const auto& redis = composition.Redis()) {
    handles.push_back(metrics.AddCallback(
        {"rampart.redis.connected",
         "1 while the Redis connection is up; 0 while the cache and the shared rate limits fall "
         "back (reads go to the database, limits are per instance).",
         "1",
         MetricType::kGauge,
         {}},
        [redis](telemetry::Observer& out) { out.Observe(redis->Connected() ? 1.0 : 0.0); }));
  }
  // rampart:end
  return handles;
}

}  // namespace

static infrastructure::telemetry::TelemetryConfig TelemetryConfigFrom(
    const config::Settings& settings) {
  infrastructure::telemetry::TelemetryConfig telemetry{
      .service = {.name = settings.service_name,
                  .version = settings.service_version,
                  .environment = settings.service_env},
      .sample_ratio = settings.trace_sample_ratio,
      .otlp_endpoint = settings.otlp_endpoint,
      .otlp_protocol = infrastructure::telemetry::ParseOtlpProtocol(settings.otlp_protocol)
                           .value_or(infrastructure::telemetry::OtlpProtocol::kHttpProtobuf),
      .otlp_queue_spans = settings.otlp_queue_spans,
      .otlp_interval = settings.otlp_interval,
      .otlp_shutdown_timeout = settings.otlp_shutdown_timeout,
      .otlp_https_policy = PolicyFrom(settings.outbound_otlp),
      .ca_file = settings.outbound_ca_file.string(),
      .dogstatsd_interval = settings.dogstatsd_interval};
  if (auto address = config::ParseHostPort(settings.dogstatsd);
      !settings.dogstatsd.empty() && address) {
    telemetry.dogstatsd_host = address->host;
    telemetry.dogstatsd_port = address->port;
  }
  return telemetry;
}

void RunHttpService(Composition& composition, std::function<void()> on_drain) {
  const auto& settings = composition.Settings();
  // Set when shutdown is requested: readiness answers 503 during the lame-duck phase.
  std::atomic<bool> draining{false};
  api::ApiContext context{
      .services = composition.Services(),
      .dispatcher = composition.Dispatcher(),
      // rampart:begin(iam)
      .issuer = settings.issuer,
      // Read per request: a rotation or reload swaps the ring while the service runs.
      .jwks_json = [&composition] { return composition.Keys()->JwksJson(); },
      .signing_algorithms = [&composition] { return composition.Keys()->Algorithms(); },
      // rampart:end
      .version = RAMPART_VERSION,
      .metrics_text =
          [] { return infrastructure::telemetry::PrometheusText(telemetry::Metrics().Collect()); },
      .metrics_token = settings.metrics_access == "token" ? settings.metrics_token : "",
      .cache = composition.Cache(),
      .queue_ping = composition.QueuePing(),
      .system_status = [&composition] { return composition.SystemStatus(); },
      // rampart:begin(iam)
      .draining = [&draining] { return draining.load(std::memory_order_relaxed); },
      .api_keys = &composition.ApiKeys()};
      // rampart:else
      // .draining = [&draining] { return draining.load(std::memory_order_relaxed); }};
      // rampart:end
  // Before the pool and the server, so that it outlives every span they open.
  infrastructure::telemetry::TelemetryRuntime telemetry_runtime(TelemetryConfigFrom(settings));
  api::Router router;
  for (auto& endpoint : api::AllEndpoints(context)) router.Add(std::move(endpoint));

  api::WorkerPool workers(static_cast<std::size_t>(settings.worker_threads),
                          settings.worker_queue_limit);
  // rampart:begin(iam)
  // Signing keys and feature flags change while the service runs: read again every
  // reload.interval, on SIGHUP, and when a retired key's grace ends.
  Reloader reloader(settings.reload_interval, [&composition] {
    const auto deadline = composition.ReloadKeys();
    composition.ReloadFeatures();
    return deadline;
  });
  // rampart:else
  // // Feature flags change while the service runs: read again every reload.interval and on
  // // SIGHUP.
  // Reloader reloader(settings.reload_interval, [&composition] {
  //   composition.ReloadFeatures();
  //   return std::optional<std::chrono::system_clock::time_point>{};
  // });
  // rampart:end
  const auto worker_metrics = RegisterWorkerPoolMetrics(workers);
  const auto service_metrics = RegisterServiceMetrics(composition);
  api::HttpServer server({.host = settings.listen_host,
                          .port = settings.listen_port,
                          .io_threads = settings.io_threads,
                          .max_body_bytes = settings.max_body_bytes,
                          .max_header_bytes = settings.max_header_bytes,
                          .read_timeout = settings.read_timeout,
                          .idle_timeout = settings.idle_timeout,
                          .shutdown_timeout = settings.shutdown_timeout,
                          .drain_delay = settings.drain_delay,
                          .on_lame_duck = [&draining] { draining.store(true); },
                          .on_drain = std::move(on_drain),
                          .trusted_proxies = TrustedProxies(settings),
                          .security_headers = {.hsts = settings.tls_enabled || settings.behind_tls},
                          .tls = {.enabled = settings.tls_enabled,
                                  .cert_file = settings.tls_cert_file,
                                  .key_file = settings.tls_key_file},
                          .on_reload = [&reloader] { reloader.Wake(); }},
                         api::DefaultMiddleware(router, composition.Tokens(),
                                                PipelineOptionsFrom(settings, composition)),
                         workers);
  // rampart:begin(redis)
  // A Redis connection per I/O loop: the cache's and the rate limits' commands from a request
  // go out and come back on the request's own thread (no hand-off to the client's thread).
  if (const auto& redis = composition.Redis()) {
    server.AddLoopService({.attach =
                               [redis](std::span<boost::asio::io_context* const> loops) {
                                 redis->AttachLoops(loops);
                               },
                           .detach = [redis] { redis->DetachLoops(); }});
  }
  // rampart:end
  server.Listen();
  // rampart:begin(iam)
  log::Info("main", "rampart started",
            {{"issuer", settings.issuer},
             {"workerThreads", settings.worker_threads},
             {"signingKey", composition.Keys()->Active().Kid()}});
  reloader.Start(composition.KeysDeadline());
  // rampart:else
  // log::Info("main", "rampart started",
  //           {{"issuer", settings.issuer}, {"workerThreads", settings.worker_threads}});
  // reloader.Start(std::nullopt);
  // rampart:end
  server.Run();
  reloader.Stop();
  workers.Stop();
  log::Info("main", "rampart stopped");
}

}  // namespace rampart
