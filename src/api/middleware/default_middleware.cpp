#include "api/middleware/default_middleware.hpp"

#include "api/middleware/access_log.hpp"
#include "api/middleware/bearer_auth.hpp"
#include "api/middleware/correlation_id.hpp"
#include "api/middleware/error_boundary.hpp"
#include "api/middleware/routing.hpp"
#include "api/middleware/security_headers.hpp"

namespace rampart::api {

MiddlewareList DefaultMiddleware(const Router& router, const application::TokenService& tokens) {
  return {
      // Outermost, so that even the access line and a 500 carry the id.
      std::make_shared<CorrelationIdMiddleware>(),
      std::make_shared<SecurityHeadersMiddleware>(),
      // Outside the error boundary, so that a failed request is logged with its final status.
      std::make_shared<AccessLogMiddleware>(),
      std::make_shared<ErrorBoundaryMiddleware>(),
      std::make_shared<RoutingMiddleware>(router),
      std::make_shared<BearerAuthMiddleware>(tokens),
  };
}

}  // namespace rampart::api
