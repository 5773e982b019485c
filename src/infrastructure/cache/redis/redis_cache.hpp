#pragma once
// The Redis Cache: GET/SET PX/UNLINK/MGET over one pipelined RedisClient; RemoveByPrefix scans
// with SCAN MATCH (the prefix's glob characters escaped) and unlinks in batches. Every failure
// (down, slow, error reply) is a miss or a no-op, as the port requires.
#include <memory>

#include "application/ports/cache.hpp"
#include "infrastructure/cache/redis/redis_client.hpp"

namespace rampart::infrastructure::redis {

class RedisCache final : public application::Cache {
 public:
  explicit RedisCache(std::shared_ptr<RedisClient> client);

  std::optional<std::string> Get(std::string_view key) override;
  void Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  void Remove(std::string_view key) override;
  void RemoveByPrefix(std::string_view prefix) override;
  void GetAsync(std::vector<std::string> keys, GetCompletion done) override;
  application::CacheHealth Health() override;

 private:
  std::shared_ptr<RedisClient> client_;
};

/// `prefix` with Redis glob characters (`*?[]\`) escaped, followed by `*`.
std::string PrefixPattern(std::string_view prefix);

}  // namespace rampart::infrastructure::redis
