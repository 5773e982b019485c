#include "main/http_service.hpp"

#include "api/endpoints/endpoints.hpp"
#include "api/middleware/default_middleware.hpp"
#include "api/server/router.hpp"
#include "api/server/server.hpp"
#include "api/server/worker_pool.hpp"
#include "common/log.hpp"
#include "infrastructure/security/key_ring.hpp"

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
      .max_in_flight = settings.max_in_flight};
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
                                   .user = {.name = "user",
                                            .limit = settings.rate_limit_user_limit,
                                            .window = settings.rate_limit_user_window},
                                   .auth = {.name = "auth",
                                            .limit = settings.rate_limit_auth_limit,
                                            .window = settings.rate_limit_auth_window}};
  }
  return options;
}

}  // namespace

void RunHttpService(Composition& composition) {
  const auto& settings = composition.Settings();
  const auto& keys = composition.Keys();
  api::ApiContext context{.services = composition.Services(),
                          .issuer = settings.issuer,
                          .jwks_json = [&keys] { return keys.JwksJson(); },
                          .version = RAMPART_VERSION};
  api::Router router;
  for (auto& endpoint : api::AllEndpoints(context)) router.Add(std::move(endpoint));

  api::WorkerPool workers(static_cast<std::size_t>(settings.worker_threads),
                          settings.worker_queue_limit);
  api::HttpServer server({.host = settings.listen_host,
                          .port = settings.listen_port,
                          .io_threads = settings.io_threads,
                          .max_body_bytes = settings.max_body_bytes,
                          .max_header_bytes = settings.max_header_bytes,
                          .read_timeout = settings.read_timeout,
                          .idle_timeout = settings.idle_timeout,
                          .shutdown_timeout = settings.shutdown_timeout,
                          .trusted_proxies = TrustedProxies(settings),
                          .security_headers = {.hsts = settings.tls_enabled || settings.behind_tls},
                          .tls = {.enabled = settings.tls_enabled,
                                  .cert_file = settings.tls_cert_file,
                                  .key_file = settings.tls_key_file}},
                         api::DefaultMiddleware(router, composition.Services().tokens,
                                                PipelineOptionsFrom(settings, composition)),
                         workers);
  server.Listen();
  log::Info("main", "rampart started",
            {{"version", RAMPART_VERSION},
             {"issuer", settings.issuer},
             {"workerThreads", settings.worker_threads},
             {"signingKey", keys.Active().Kid()}});
  server.Run();
  workers.Stop();
  log::Info("main", "rampart stopped");
}

}  // namespace rampart
