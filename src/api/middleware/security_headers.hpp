#pragma once
#include "api/middleware/middleware.hpp"
#include "api/http/security_headers.hpp"

namespace rampart::api {

// SecurityHeadersMiddleware puts the hardening headers on every response that leaves the
// pipeline, errors included (see ApplySecurityHeaders; the server applies the same list to the
// answers it gives itself).
class SecurityHeadersMiddleware final : public Middleware {
 public:
  explicit SecurityHeadersMiddleware(SecurityHeaderOptions options = {}) : options_(options) {}
  std::string_view Name() const override { return "security-headers"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

 private:
  SecurityHeaderOptions options_;
};

}  // namespace rampart::api
