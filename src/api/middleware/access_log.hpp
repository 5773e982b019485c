#pragma once
// One JSON line per request (component "http"): method, path, route, status, durationMs,
// correlationId, userId, clientIp, bytes. The query string is never logged: it may carry tokens.
#include <chrono>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

// LogAccess writes the access line of a finished request; the server uses it for the requests
// it answers itself (malformed, too large) so that those are logged the same way.
void LogAccess(const Request& request, int status, std::size_t bytes,
               std::chrono::steady_clock::duration elapsed);

// AccessLogOptions say which requests get an access line.
struct AccessLogOptions {
  // log_probes false: health probes (GET /health/live, /health/ready) are not logged, nor
  // successful metrics scrapes (GET /metrics answered 2xx): an orchestrator and a scraper add a
  // few lines per second that say nothing.
  bool log_probes = true;
};

// AccessLogMiddleware writes the access line of each request once it is answered (see
// AccessLogOptions), and a 500 line for an exception that got past the error boundary.
class AccessLogMiddleware final : public Middleware {
 public:
  explicit AccessLogMiddleware(AccessLogOptions options = {}) : options_(options) {}
  std::string_view Name() const override { return "access-log"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  AccessLogOptions options_;
};

}  // namespace rampart::api
