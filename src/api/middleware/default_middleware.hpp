#pragma once
#include <cstddef>
#include <optional>

#include "api/http/router.hpp"
#include "api/http/security_headers.hpp"
#include "api/middleware/access_log.hpp"
#include "api/middleware/cors.hpp"
#include "api/middleware/middleware.hpp"
#include "api/middleware/rate_limit.hpp"
#include "api/middleware/telemetry.hpp"
#include "application/ports/rate_limit_store.hpp"
#include "application/ports/token_service.hpp"

// rampart:begin(iam)
namespace rampart::application {
class ApiKeyAuthenticator;
}
// rampart:end

namespace rampart::api {

// PipelineOptions are the optional parts of the pipeline, from configuration.
struct PipelineOptions {
  SecurityHeaderOptions security_headers;
  std::optional<CorsPolicy> cors;  // nullopt: no CORS stage (no cross-origin browser calls)
  std::size_t max_in_flight = 0;   // 0: no in-flight bound
  application::RateLimitStore* rate_limits = nullptr;  // null: no rate limiting
  RateLimitPolicies rate_limit_policies;
  TelemetryOptions telemetry;  // the server span, request metrics and slow-request log
  AccessLogOptions access_log;
  // rampart:begin(iam)
  // api_keys verifies API keys (docs/security.md#api-keys); null: refused like any invalid
  // token.
  const application::ApiKeyAuthenticator* api_keys = nullptr;
  // rampart:end
};

// DefaultMiddleware is the built-in pipeline, outermost first: correlation id, telemetry,
// security headers, access log, CORS, in-flight limit, per-IP rate limit, error boundary,
// routing, bearer authentication, per-user rate limit (the optional stages only when
// configured). `router`, `tokens` and `options.rate_limits` must outlive it (and
// `options.api_keys`).  // rampart:only(iam)
MiddlewareList DefaultMiddleware(const Router& router,
                                 const application::AccessTokenVerifier& tokens,
                                 const PipelineOptions& options = {});

}  // namespace rampart::api
