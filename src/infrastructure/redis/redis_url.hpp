#pragma once
// RAMPART_REDIS_URL: `redis://[[user]:password@]host[:port][/db]`, `rediss://` for TLS.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace rampart::infrastructure::redis {

struct RedisEndpoint {
  std::string host;
  std::uint16_t port = 6379;
  std::string username;  // ACL user (Redis 6+); empty: the default user
  std::string password;  // a secret: never log it
  int database = 0;
  bool tls = false;
};

// ParseRedisUrl parses and validates a Redis URL (percent-decoding the user and password); a
// one-line reason on failure.
std::expected<RedisEndpoint, std::string> ParseRedisUrl(std::string_view url);

}  // namespace rampart::infrastructure::redis
