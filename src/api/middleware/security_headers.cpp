#include "api/middleware/security_headers.hpp"

namespace rampart::api {

boost::asio::awaitable<Response> SecurityHeadersMiddleware::Handle(HttpContext& context,
                                                                   const Next& next) {
  Response response = co_await next(context);
  ApplySecurityHeaders(response, options_);
  co_return response;
}

}  // namespace rampart::api
