#include "api/server/security_headers.hpp"

#include <algorithm>

#include "api/server/percent_decode.hpp"

namespace rampart::api {

void ApplySecurityHeaders(Response& response, const SecurityHeaderOptions& options) {
  bool has_cache_control = false;
  bool has_csp = false;
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "cache-control")) has_cache_control = true;
    if (EqualsIgnoreCase(name, "content-security-policy")) has_csp = true;
  }
  // Appended, not SetHeader: no handler sets these, and this runs on every response.
  auto& headers = response.headers;
  headers.reserve(headers.size() + 7);
  headers.emplace_back("X-Content-Type-Options", "nosniff");
  headers.emplace_back("X-Frame-Options", "DENY");
  if (!has_csp) {
    headers.emplace_back("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  headers.emplace_back("Referrer-Policy", "no-referrer");
  headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  if (options.hsts) headers.emplace_back("Strict-Transport-Security", "max-age=63072000");
  if (!has_cache_control) headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace rampart::api
