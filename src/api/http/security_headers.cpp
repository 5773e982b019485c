#include "api/http/security_headers.hpp"

#include <array>
#include <string>

#include "api/http/percent_decode.hpp"

namespace rampart::api {

namespace {

// The block for each combination, built once, in the order the headers were always sent.
std::string_view Block(bool hsts, bool deny_all_csp, bool no_store) {
  static const std::array<std::string, 8> kBlocks = [] {
    std::array<std::string, 8> blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      std::string& block = blocks[i];
      block += "X-Content-Type-Options: nosniff\r\n";
      block += "X-Frame-Options: DENY\r\n";
      if (i & 2) block += "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n";
      block += "Referrer-Policy: no-referrer\r\n";
      block += "Cross-Origin-Resource-Policy: same-origin\r\n";
      if (i & 1) block += "Strict-Transport-Security: max-age=63072000\r\n";
      if (i & 4) block += "Cache-Control: no-store\r\n";
    }
    return blocks;
  }();
  return kBlocks[(hsts ? 1 : 0) | (deny_all_csp ? 2 : 0) | (no_store ? 4 : 0)];
}

}  // namespace

void ApplySecurityHeaders(Response& response, const SecurityHeaderOptions& options) {
  bool has_cache_control = false;
  bool has_csp = false;
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "cache-control")) has_cache_control = true;
    if (EqualsIgnoreCase(name, "content-security-policy")) has_csp = true;
  }
  // A preset block, not headers: this runs on every response and the lines never change.
  response.preset_headers = Block(options.hsts, !has_csp, !has_cache_control);
}

}  // namespace rampart::api
