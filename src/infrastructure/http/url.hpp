#pragma once
// Absolute http:// and https:// URLs of outgoing calls, split into what a connection needs
// (scheme, host, port) and what a request line needs (the target).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::infrastructure::http {

struct Url {
  bool tls = false;          // https
  std::string host;          // IPv6 without brackets; lower case
  std::uint16_t port = 0;    // 80 or 443 when the URL names none
  std::string target = "/";  // path and query, as written (already percent-encoded)

  // HostHeader returns "host" or "host:port" when the port is not the scheme's default (IPv6 in
  // brackets): the Host header, and what SigV4 signs.
  std::string HostHeader() const;
  // Origin returns "https://host:port": the key of a connection pool.
  std::string Origin() const;
  // Path returns the path without the query.
  std::string_view Path() const;
  // Query returns the query without '?' (empty when none).
  std::string_view Query() const;
};

// ParseUrl parses "http[s]://host[:port][/target]"; nullopt for any other scheme, user info, a
// fragment, an empty host or a bad port.
std::optional<Url> ParseUrl(std::string_view text);

}  // namespace rampart::infrastructure::http
