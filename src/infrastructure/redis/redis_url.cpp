#include "infrastructure/redis/redis_url.hpp"

#include <charconv>

#include "common/server_url.hpp"

namespace rampart::infrastructure::redis {

std::expected<RedisEndpoint, std::string> ParseRedisUrl(std::string_view url) {
  auto parsed = net::ParseServerUrl(url, {"redis", "rediss"});
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  RedisEndpoint endpoint;
  endpoint.tls = parsed->scheme == "rediss";
  endpoint.host = std::move(parsed->host);
  endpoint.port = parsed->port.value_or(6379);
  if (parsed->password) {
    endpoint.username = parsed->user.value_or("");
    endpoint.password = std::move(*parsed->password);
  } else if (parsed->user) {
    // `redis://secret@host` is the common shorthand for a password without a user.
    endpoint.password = std::move(*parsed->user);
  }
  // The path is the database number: "", "/" or "/<n>".
  const std::string_view db = std::string_view(parsed->path).substr(parsed->path.empty() ? 0 : 1);
  if (!db.empty()) {
    const auto [end, error] = std::from_chars(db.data(), db.data() + db.size(), endpoint.database);
    if (error != std::errc{} || end != db.data() + db.size() || endpoint.database < 0 ||
        endpoint.database > 15'999) {
      return std::unexpected("has an invalid database number after the host");
    }
  }
  return endpoint;
}

}  // namespace rampart::infrastructure::redis
