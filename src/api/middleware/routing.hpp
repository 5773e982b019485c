#pragma once
// Finds the endpoint of a request: sets HttpContext::endpoint, Request::route and the path
// parameters, or answers 404 `not-found` / 405 `method-not-allowed` (with Allow).
#include "api/middleware/middleware.hpp"
#include "api/http/router.hpp"

namespace rampart::api {

// RoutingMiddleware finds each request's endpoint in a Router (see above).
class RoutingMiddleware final : public Middleware {
 public:
  // `router` must outlive the middleware and not change while requests are served.
  explicit RoutingMiddleware(const Router& router) : router_(router) {}
  std::string_view Name() const override { return "routing"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  const Router& router_;
};

}  // namespace rampart::api
