#pragma once
// The Redis Cache: GET/SET PX/UNLINK/MGET over one pipelined RedisClient; RemoveByPrefix scans
// with SCAN MATCH (the prefix's glob characters escaped) and unlinks in batches. Every failure
// (down, slow, error reply) is a miss or a no-op, as the port requires.
//
// Fill tickets are leases in Redis itself, so that every instance's invalidations end them: the
// companion key `<key>:fill` (FillKey) holds the token of the latest BeginFill. FinishFill is one
// Lua script that stores the value only while the lease still holds its token, and gives the
// lease the entry's expiry. Remove unlinks the key with its lease; RemoveByPrefix unlinks every
// key it scans together with its companion. Why that is enough even for a scan that runs while a
// fill stores: the lease of a stale fill exists from before the write's commit until at least
// the entry's expiry, so a scan after the commit finds the lease if not the entry (SCAN returns
// every key present for its whole duration), and unlinking the companion takes the entry.
// Keys ending in `:fill` are therefore the adapter's own. Both keys of an entry must live on one
// server (no Redis Cluster slots apart: the script touches both).
#include <atomic>
#include <cstdint>
#include <memory>

#include "application/ports/cache.hpp"
#include "infrastructure/redis/redis_client.hpp"

namespace rampart::infrastructure::redis {

class RedisCache final : public application::Cache {
 public:
  explicit RedisCache(std::shared_ptr<RedisClient> client);

  std::optional<std::string> Get(std::string_view key) override;
  void Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  void Remove(std::string_view key) override;
  void RemoveByPrefix(std::string_view prefix) override;
  FillTicket BeginFill(std::string_view key, std::chrono::milliseconds ttl) override;
  bool FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                  std::chrono::milliseconds ttl) override;
  void GetAsync(std::vector<std::string> keys, GetCompletion done) override;
  application::CacheHealth Health() override;

 private:
  std::string Token(std::uint64_t id) const;

  std::shared_ptr<RedisClient> client_;
  std::string instance_;  // random: tokens of two instances (or a restart) never collide
  std::atomic<std::uint64_t> last_ticket_ = 0;
};

// PrefixPattern returns `prefix` with Redis glob characters (`*?[]\`) escaped, followed by `*`.
std::string PrefixPattern(std::string_view prefix);
// FillKey returns the lease key that goes with the entry `key`.
std::string FillKey(std::string_view key);

}  // namespace rampart::infrastructure::redis
