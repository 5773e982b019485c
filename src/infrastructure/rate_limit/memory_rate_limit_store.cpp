#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "application/rate_limit/gcra.hpp"

namespace rampart::infrastructure {

MemoryRateLimitStore::MemoryRateLimitStore(MemoryRateLimitStoreOptions options)
    : now_us_(std::move(options.now_us)) {
  if (options.shards == 0 || options.max_keys == 0) {
    throw std::invalid_argument("rate-limit store needs at least one shard and one key");
  }
  const std::size_t shards = std::min(options.shards, options.max_keys);
  max_keys_per_shard_ = std::max<std::size_t>(1, options.max_keys / shards);
  shards_.reserve(shards);
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

MemoryRateLimitStore::~MemoryRateLimitStore() = default;

void MemoryRateLimitStore::Take(std::string_view key, const application::RateLimitPolicy& policy,
                                std::uint32_t cost, Completion done) {
  done(TakeNow(key, policy, cost));
}

application::RateLimitDecision MemoryRateLimitStore::TakeNow(
    std::string_view key, const application::RateLimitPolicy& policy, std::uint32_t cost) {
  Shard& shard = ShardFor(key);
  const std::int64_t now = Now();
  std::lock_guard lock(shard.mutex);

  const auto found = shard.index.find(key);
  if (found != shard.index.end()) {
    const auto bucket = found->second;
    const application::GcraStep step = application::Gcra(bucket->tat, now, policy, cost);
    bucket->tat = step.tat;
    shard.recent.splice(shard.recent.begin(), shard.recent, bucket);
    return step.decision;
  }

  const application::GcraStep step = application::Gcra(std::nullopt, now, policy, cost);
  if (step.tat <= now) return step.decision;  // still full: nothing worth remembering
  // Make room: first forget buckets that have refilled (the least recently used are the likeliest),
  // then, at the bound, the least recently used one.
  while (!shard.recent.empty() &&
         (shard.recent.back().tat <= now || shard.index.size() >= max_keys_per_shard_)) {
    shard.index.erase(shard.recent.back().key);
    shard.recent.pop_back();
  }
  shard.recent.push_front(Bucket{std::string(key), step.tat});
  shard.index.emplace(shard.recent.front().key, shard.recent.begin());
  return step.decision;
}

std::size_t MemoryRateLimitStore::Size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    total += shard->index.size();
  }
  return total;
}

MemoryRateLimitStore::Shard& MemoryRateLimitStore::ShardFor(std::string_view key) {
  return *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

std::int64_t MemoryRateLimitStore::Now() const {
  if (now_us_) return now_us_();
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace rampart::infrastructure
