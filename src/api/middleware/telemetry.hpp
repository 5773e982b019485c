#pragma once
// The server side of tracing and metrics: one server span per request (W3C traceparent and
// tracestate accepted; HTTP semantic conventions), the RED metrics per route, in-flight
// requests, and a warning line for requests slower than a threshold with their time broken
// down (waiting for a worker, handler, database, cache, hashing, queue).
#include <chrono>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

// TelemetryOptions configure the telemetry stage.
struct TelemetryOptions {
  // slow_request_threshold: requests that take at least this long are logged with their
  // breakdown; 0 disables.
  std::chrono::milliseconds slow_request_threshold{1000};
};

// RecordUnroutedRequest counts a request the server answered itself, outside the pipeline
// (400, 413, 431), in the same metrics as the others.
void RecordUnroutedRequest(const Request& request, int status,
                           std::chrono::steady_clock::duration elapsed);

// TelemetryMiddleware opens the request's server span and records its metrics (see above).
class TelemetryMiddleware final : public Middleware {
 public:
  explicit TelemetryMiddleware(TelemetryOptions options = {});
  std::string_view Name() const override { return "telemetry"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  TelemetryOptions options_;
};

}  // namespace rampart::api
