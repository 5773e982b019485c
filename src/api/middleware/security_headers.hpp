#pragma once
#include "api/middleware/middleware.hpp"

namespace rampart::api {

/// Hardening headers on every response, errors included: no MIME sniffing, no framing, no
/// referrer, a deny-all CSP (the API serves JSON and plain HTML pages without scripts), and
/// `Cache-Control: no-store` unless the handler chose a caching policy itself (JWKS does).
/// HSTS is added by the TLS layer, where it is meaningful.
class SecurityHeadersMiddleware final : public Middleware {
 public:
  std::string_view Name() const override { return "security-headers"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;
};

}  // namespace rampart::api
