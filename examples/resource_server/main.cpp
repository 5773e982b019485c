// resource_server: a small service that trusts rampart (README.md). Its composition root: the
// settings, the issuer's keys and the token verifier, the events consumer, and rampart's HTTP
// server with its default middleware (correlation id, telemetry, security headers, access log,
// error boundary, routing, bearer authentication).
#include <exception>
#include <iostream>
#include <memory>

#include "api/http/router.hpp"
#include "api/middleware/default_middleware.hpp"
#include "api/server/server.hpp"
#include "api/server/worker_pool.hpp"
#include "common/log.hpp"
#include "endpoints.hpp"
#include "event_consumer.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/security/jwks_token_verifier.hpp"
#include "infrastructure/security/remote_jwks.hpp"
#include "infrastructure/security/system_clock.hpp"
#include "recent_events.hpp"
#include "settings.hpp"
#include "sqs_queue.hpp"

namespace {

namespace api = rampart::api;
namespace http = rampart::infrastructure::http;
namespace log = rampart::log;
namespace security = rampart::infrastructure;

void Serve(const resource_server::Settings& settings) {
  security::SystemClock clock;
  http::HttpClient http_client;  // TLS verified against the system's CAs

  // The issuer's keys: fetched now, then kept fresh by a thread of their own.
  http::Dependency issuer("jwks",
                          {.attempt_timeout = std::chrono::seconds(2),
                           .total_timeout = std::chrono::seconds(5),
                           .max_attempts = 2},
                          http_client);
  security::RemoteJwks keys({.url = settings.jwks_url,
                             .refresh_interval = settings.jwks_refresh,
                             .min_refetch_interval = settings.jwks_min_refetch},
                            issuer, clock);
  if (!keys.Refresh()) log::Warn("main", "starting without the issuer's keys; retrying");
  keys.Start();
  security::JwksTokenVerifier verifier(
      keys,
      {.issuer = settings.issuer, .audience = settings.audience, .leeway = settings.clock_skew},
      clock);

  // rampart's events, when a queue is configured.
  resource_server::RecentEvents events(settings.recent_events);
  std::unique_ptr<resource_server::SqsEvents> sqs;
  std::unique_ptr<resource_server::EventConsumer> consumer;
  if (!settings.events_queue_url.empty()) {
    sqs = std::make_unique<resource_server::SqsEvents>(http_client, settings.events_queue_url,
                                                       settings.queue_wait_time);
    consumer = std::make_unique<resource_server::EventConsumer>(sqs->Queue(), events);
  }

  api::Router router;
  for (auto& endpoint : resource_server::Endpoints(events)) router.Add(std::move(endpoint));
  // Every handler answers inline; the server still wants a pool for blocking ones.
  api::WorkerPool workers(1, 16);
  api::HttpServer server(
      {.host = settings.listen_host, .port = settings.listen_port, .io_threads = 1},
      api::DefaultMiddleware(router, verifier), workers);
  server.Listen();
  log::Info("main", "resource server started",
            {{"port", server.Port()},
             {"issuer", settings.issuer},
             {"jwks", settings.jwks_url},
             {"keys", keys.KeyCount()},
             {"eventsQueue", settings.events_queue_url}});
  if (consumer) consumer->Start();
  server.Run();  // until SIGTERM or SIGINT
  if (consumer) consumer->Stop();
  workers.Stop();
  log::Info("main", "resource server stopped");
}

}  // namespace

int main() {
  const auto settings = resource_server::LoadSettings(resource_server::FromProcess);
  if (!settings) {
    std::cerr << "resource_server: " << settings.error() << "\n";
    return 2;
  }
  try {
    log::Configure(
        {.level = settings->log_level, .static_fields = {{"service", "resource_server"}}});
    Serve(*settings);
    log::Shutdown();
    return 0;
  } catch (const std::exception& error) {
    log::Error("main", "resource server failed", {{"error", error.what()}});
    log::Shutdown();
    return 1;
  }
}
