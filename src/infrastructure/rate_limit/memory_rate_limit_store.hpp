#pragma once
// The in-process RateLimitStore (the embedded default): buckets in this process's memory,
// sharded by key so that I/O threads rarely contend, bounded in size, and forgetting buckets
// that have refilled (a full bucket is the same as an unknown one).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "application/ports/rate_limit_store.hpp"

namespace rampart::infrastructure {

struct MemoryRateLimitStoreOptions {
  // Most buckets kept; beyond it the least recently used one is dropped (that key then starts
  // with a full bucket again: memory stays bounded under a flood of distinct keys).
  std::size_t max_keys = 100'000;
  // Independent locks; a power of two is not required.
  std::size_t shards = 32;
  // Microseconds on a monotonic clock; tests pass their own. Empty: std::chrono::steady_clock.
  std::function<std::int64_t()> now_us;
};

class MemoryRateLimitStore final : public application::RateLimitStore {
 public:
  explicit MemoryRateLimitStore(MemoryRateLimitStoreOptions options = {});
  ~MemoryRateLimitStore() override;

  // Take decides at once and calls `done` before returning.
  void Take(std::string_view key, const application::RateLimitPolicy& policy, std::uint32_t cost,
            Completion done) override;
  // TryTakeNow always decides at once.
  std::optional<application::RateLimitDecision> TryTakeNow(
      std::string_view key, const application::RateLimitPolicy& policy,
      std::uint32_t cost) override {
    return TakeNow(key, policy, cost);
  }
  // TakeNow does the same, returning the decision.
  application::RateLimitDecision TakeNow(std::string_view key,
                                         const application::RateLimitPolicy& policy,
                                         std::uint32_t cost);

  // Size counts the buckets held now (full ones not yet swept included).
  std::size_t Size() const;

 private:
  struct Bucket {
    std::string key;
    std::int64_t tat;  // GCRA theoretical arrival time, µs on now_us' clock
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Bucket> recent;  // most recently used first
    std::unordered_map<std::string_view, std::list<Bucket>::iterator> index;  // keys in `recent`
  };

  Shard& ShardFor(std::string_view key);
  std::int64_t Now() const;

  std::size_t max_keys_per_shard_;
  std::function<std::int64_t()> now_us_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace rampart::infrastructure
