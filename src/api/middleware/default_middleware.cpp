#include "api/middleware/default_middleware.hpp"

#include "api/middleware/access_log.hpp"
#include "api/middleware/bearer_auth.hpp"
#include "api/middleware/correlation_id.hpp"
#include "api/middleware/error_boundary.hpp"
#include "api/middleware/in_flight_limit.hpp"
#include "api/middleware/routing.hpp"
#include "api/middleware/security_headers.hpp"

namespace rampart::api {

MiddlewareList DefaultMiddleware(const Router& router,
                                 const application::AccessTokenVerifier& tokens,
                                 const PipelineOptions& options) {
  MiddlewareList stages{
      // Outermost, so that even the access line and a 500 carry the id.
      std::make_shared<CorrelationIdMiddleware>(),
      // Next: the server span and the request metrics cover everything after it.
      std::make_shared<TelemetryMiddleware>(options.telemetry),
      std::make_shared<SecurityHeadersMiddleware>(options.security_headers),
      // Outside the error boundary, so that a failed request is logged with its final status.
      std::make_shared<AccessLogMiddleware>(options.access_log),
  };
  // Outside the limits, so that a browser can read a 429 or 503 too.
  if (options.cors) stages.push_back(std::make_shared<CorsMiddleware>(*options.cors));
  if (options.max_in_flight > 0) {
    stages.push_back(std::make_shared<InFlightLimitMiddleware>(options.max_in_flight));
  }
  // Before routing and token verification: a flood costs one bucket look-up per request.
  if (options.rate_limits) {
    stages.push_back(std::make_shared<RateLimitMiddleware>(
        *options.rate_limits, RateLimitScope::kClientIp, options.rate_limit_policies));
  }
  stages.push_back(std::make_shared<ErrorBoundaryMiddleware>());
  stages.push_back(std::make_shared<RoutingMiddleware>(router));
  // rampart:begin(iam)
  stages.push_back(std::make_shared<BearerAuthMiddleware>(tokens, options.api_keys));
  // rampart:else
  // stages.push_back(std::make_shared<BearerAuthMiddleware>(tokens));
  // rampart:end
  if (options.rate_limits) {
    stages.push_back(std::make_shared<RateLimitMiddleware>(
        *options.rate_limits, RateLimitScope::kUser, options.rate_limit_policies));
  }
  return stages;
}

}  // namespace rampart::api
