#pragma once
// The URL of a server a client connects to (smtps://...), split into what the connection
// needs: scheme://[user[:password]@]host[:port][/path]. The SMTP URL parser builds on it.
// So does the Redis one.  // rampart:only(redis)
#include <cstdint>
#include <expected>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::net {

// ServerUrl is a parsed server URL; user and password are percent-decoded.
struct ServerUrl {
  std::string scheme;                   // one of the schemes asked for
  std::optional<std::string> user;      // nullopt: no user info
  std::optional<std::string> password;  // nullopt: no ':' in the user info; a secret
  std::string host;                     // a host name, IPv4, or IPv6 without brackets
  std::optional<std::uint16_t> port;    // nullopt: none written
  std::string path;                     // from the '/' after the authority; empty: none
};

// ParseServerUrl parses `url` with one of `schemes` ("smtp", "smtps"). The last '@' ends the
// user info, so a user name may hold an unescaped '@' (relay@example.com). It refuses a query or
// fragment, a bad percent escape or a control character in the credentials, an empty or invalid
// host and a port that is not 1-65535; the error (for "<setting> <error>") never quotes the URL,
// which may hold a password.
std::expected<ServerUrl, std::string> ParseServerUrl(std::string_view url,
                                                     std::initializer_list<std::string_view> schemes);

}  // namespace rampart::net
