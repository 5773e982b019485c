#include "main/http_service.hpp"

#include "api/endpoints/endpoints.hpp"
#include "api/middleware/default_middleware.hpp"
#include "api/server/router.hpp"
#include "api/server/server.hpp"
#include "api/server/worker_pool.hpp"
#include "common/log.hpp"
#include "infrastructure/security/key_ring.hpp"

namespace rampart {

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
                          .shutdown_timeout = settings.shutdown_timeout},
                         api::DefaultMiddleware(router, composition.Services().tokens), workers);
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
