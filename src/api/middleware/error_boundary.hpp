#pragma once
// Turns any exception from the stages after it (routing, authentication, the handler) into a
// 500 problem+json whose traceId leads to the error line in the log; a DependencyUnavailable
// (database unreachable, circuit open, timed out) into a 503 `unavailable` with Retry-After: 1
// instead. The exception's text goes to the log only, never to the client.
#include "api/middleware/middleware.hpp"

namespace rampart::api {

// InternalErrorProblem is the 500 `internal` problem of a request that failed unexpectedly.
Response InternalErrorProblem(const Request& request);

// ErrorBoundaryMiddleware catches what the stages after it throw (see above).
class ErrorBoundaryMiddleware final : public Middleware {
 public:
  std::string_view Name() const override { return "error-boundary"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;
};

}  // namespace rampart::api
