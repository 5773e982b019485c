#include "infrastructure/redis/redis_url.hpp"

#include <charconv>

namespace rampart::infrastructure::redis {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::expected<std::string, std::string> PercentDecode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out.push_back(raw[i]);
      continue;
    }
    if (i + 2 >= raw.size() || HexValue(raw[i + 1]) < 0 || HexValue(raw[i + 2]) < 0) {
      return std::unexpected("has an invalid percent escape in its credentials");
    }
    out.push_back(static_cast<char>(HexValue(raw[i + 1]) * 16 + HexValue(raw[i + 2])));
    i += 2;
  }
  return out;
}

template <class T>
bool ParseNumber(std::string_view text, T& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::expected<RedisEndpoint, std::string> ParseRedisUrl(std::string_view url) {
  RedisEndpoint endpoint;
  std::string_view rest;
  if (url.starts_with("redis://")) {
    rest = url.substr(8);
  } else if (url.starts_with("rediss://")) {
    rest = url.substr(9);
    endpoint.tls = true;
  } else {
    return std::unexpected("must start with redis:// or rediss://");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return std::unexpected("must not have a query or fragment");
  }

  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && (!ParseNumber(db, endpoint.database) || endpoint.database < 0 ||
                        endpoint.database > 15'999)) {
      return std::unexpected("has an invalid database number after the host");
    }
  }

  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = credentials.find(':');
    auto user = PercentDecode(credentials.substr(0, colon));
    if (!user) return std::unexpected(user.error());
    endpoint.username = std::move(*user);
    if (colon != std::string_view::npos) {
      auto password = PercentDecode(credentials.substr(colon + 1));
      if (!password) return std::unexpected(password.error());
      endpoint.password = std::move(*password);
    } else {
      // `redis://secret@host` is the common shorthand for a password without a user.
      endpoint.password = std::move(endpoint.username);
      endpoint.username.clear();
    }
  }

  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected("has an unclosed [IPv6] host");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return std::unexpected("has text after the [IPv6] host");
      port = after.substr(1);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return std::unexpected("has no host");
  endpoint.host = std::string(host);
  if (!port.empty() && (!ParseNumber(port, endpoint.port) || endpoint.port == 0)) {
    return std::unexpected("has an invalid port");
  }
  return endpoint;
}

}  // namespace rampart::infrastructure::redis
