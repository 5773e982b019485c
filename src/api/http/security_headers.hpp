#pragma once
// The hardening headers every response carries, the pipeline's and the server's own early
// answers (400/413/431/500) alike, so there is one list to audit.
#include "api/http/http.hpp"

namespace rampart::api {

// SecurityHeaderOptions are the configurable parts of the hardening headers.
struct SecurityHeaderOptions {
  // hsts adds Strict-Transport-Security: only meaningful (and only sent) when clients reach us
  // over https, i.e. TLS terminates here or in a proxy declared with server.behind_tls.
  bool hsts = false;
};

// ApplySecurityHeaders sets X-Content-Type-Options, X-Frame-Options, a deny-all CSP with
// frame-ancestors 'none' unless the handler set its own (only GET /docs does:
// kDocsContentSecurityPolicy), Referrer-Policy, Cross-Origin-Resource-Policy, HSTS when asked,
// and `Cache-Control: no-store` unless the handler chose a caching policy itself (tokens, users
// and errors must never sit in a shared cache; the JWKS chooses to be cacheable). They go into
// Response::preset_headers, one constant block per combination.
void ApplySecurityHeaders(Response& response, const SecurityHeaderOptions& options);

// kDocsContentSecurityPolicy is the one exception to the deny-all policy: the Swagger UI page
// and its files (GET /docs*). Scripts, styles, images and fetches from this origin only (plus
// the stylesheet's data: images); no inline script, no eval, never framed.
inline constexpr std::string_view kDocsContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

}  // namespace rampart::api
