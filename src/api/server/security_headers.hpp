#pragma once
// The hardening headers every response carries, the pipeline's and the server's own early
// answers (400/413/431/500) alike, so there is one list to audit.
#include "api/server/http.hpp"

namespace rampart::api {

struct SecurityHeaderOptions {
  /// Strict-Transport-Security: only meaningful (and only sent) when clients reach us over
  /// https, i.e. TLS terminates here or in a proxy declared with server.behind_tls.
  bool hsts = false;
};

/// Sets X-Content-Type-Options, X-Frame-Options, a deny-all CSP with frame-ancestors 'none',
/// Referrer-Policy, Cross-Origin-Resource-Policy, HSTS when asked, and `Cache-Control: no-store`
/// unless the handler chose a caching policy itself (tokens, users and errors must never sit in
/// a shared cache; the JWKS chooses to be cacheable).
void ApplySecurityHeaders(Response& response, const SecurityHeaderOptions& options);

}  // namespace rampart::api
