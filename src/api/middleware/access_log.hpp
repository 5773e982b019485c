#pragma once
// One JSON line per request (component "http"): method, path, route, status, durationMs,
// correlationId, userId, clientIp, bytes. The query string is never logged: it may carry tokens.
#include <chrono>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

/// Writes the access line of a finished request; the server uses it for the requests it
/// answers itself (malformed, too large) so that those are logged the same way.
void LogAccess(const Request& request, int status, std::size_t bytes,
               std::chrono::steady_clock::duration elapsed);

class AccessLogMiddleware final : public Middleware {
 public:
  std::string_view Name() const override { return "access-log"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;
};

}  // namespace rampart::api
