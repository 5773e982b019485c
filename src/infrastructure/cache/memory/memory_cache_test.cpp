#include "infrastructure/cache/memory/memory_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "integration/cache/cache_contract.hpp"

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;

integration::CacheUnderTest MakeMemoryCache() {
  return {std::make_shared<MemoryCache>(), "rampart:test:"};
}

using integration::CacheContract;
INSTANTIATE_TEST_SUITE_P(Memory, CacheContract,
                         ::testing::Values(integration::ContractCache{"memory", &MakeMemoryCache}),
                         integration::ContractCacheName);

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  MemoryCacheOptions Options(std::size_t max_entries, std::size_t shards) {
    return {.max_entries = max_entries, .shards = shards, .now = [this] { return now; }};
  }
};

TEST(MemoryCache, ExpiresAnEntryExactlyAtItsTtl) {
  FakeClock clock;
  MemoryCache cache(clock.Options(10, 1));
  cache.Set("k", "v", 1000ms);
  clock.now += 999ms;
  EXPECT_EQ(cache.Get("k"), "v");
  clock.now += 1ms;
  EXPECT_EQ(cache.Get("k"), std::nullopt);
  EXPECT_EQ(cache.Size(), 0u);  // an expired entry is dropped when seen
}

TEST(MemoryCache, ANonPositiveTtlStoresNothing) {
  MemoryCache cache;
  cache.Set("k", "v", 0ms);
  EXPECT_EQ(cache.Get("k"), std::nullopt);
}

TEST(MemoryCache, DropsTheLeastRecentlyUsedEntryBeyondTheBound) {
  FakeClock clock;
  MemoryCache cache(clock.Options(3, 1));
  cache.Set("a", "1", 1h);
  cache.Set("b", "2", 1h);
  cache.Set("c", "3", 1h);
  ASSERT_EQ(cache.Get("a"), "1");  // a is now the most recently used
  cache.Set("d", "4", 1h);         // evicts b
  EXPECT_EQ(cache.Get("b"), std::nullopt);
  EXPECT_EQ(cache.Get("a"), "1");
  EXPECT_EQ(cache.Get("c"), "3");
  EXPECT_EQ(cache.Get("d"), "4");
  EXPECT_EQ(cache.Size(), 3u);
}

TEST(MemoryCache, StaysBoundedUnderAFloodOfDistinctKeys) {
  MemoryCache cache({.max_entries = 1000, .shards = 8});
  for (int i = 0; i < 50'000; ++i) cache.Set("key" + std::to_string(i), "v", 1h);
  EXPECT_LE(cache.Size(), 1000u + 8u);  // per-shard bound, rounded up
}

TEST(MemoryCache, IsSafeUnderConcurrentReadersAndWriters) {
  MemoryCache cache({.max_entries = 512, .shards = 4});
  std::atomic<bool> wrong = false;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20'000; ++i) {
        const std::string key = "k" + std::to_string((i * 7 + t) % 1024);
        if (i % 3 == 0) {
          cache.Set(key, key, 1h);
        } else if (i % 97 == 0) {
          cache.RemoveByPrefix("k1");
        } else if (auto value = cache.Get(key); value && *value != key) {
          wrong = true;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(wrong.load());
  EXPECT_LE(cache.Size(), 512u);
}

TEST(MemoryCache, ATicketExpiresExactlyAtItsTtl) {
  FakeClock clock;
  MemoryCache cache(clock.Options(10, 1));
  const auto in_time = cache.BeginFill("a", 1000ms);
  const auto too_late = cache.BeginFill("b", 1000ms);
  clock.now += 999ms;
  EXPECT_TRUE(cache.FinishFill(in_time, "v", 1h));
  clock.now += 1ms;
  EXPECT_FALSE(cache.FinishFill(too_late, "v", 1h));
  EXPECT_EQ(cache.Get("b"), std::nullopt);
}

TEST(MemoryCache, GetOrCreateLeavesNoTicketOpen) {
  MemoryCache cache;
  EXPECT_EQ(cache.GetOrCreate("stored", 1h, [] { return std::optional<std::string>("v"); }), "v");
  EXPECT_EQ(cache.GetOrCreate("nothing", 1h, [] { return std::optional<std::string>(); }),
            std::nullopt);
  EXPECT_THROW(
      cache.GetOrCreate("thrown", 1h,
                        []() -> std::optional<std::string> { throw std::runtime_error("db"); }),
      std::runtime_error);
  EXPECT_EQ(cache.GetOrCreate("invalidated", 1h,
                              [&] {
                                cache.Remove("invalidated");
                                return std::optional<std::string>("stale");
                              }),
            "stale");
  EXPECT_EQ(cache.OpenFills(), 0u);
}

TEST(MemoryCache, RefusesAZeroBound) {
  EXPECT_THROW(MemoryCache({.max_entries = 0}), std::invalid_argument);
  EXPECT_THROW(MemoryCache({.shards = 0}), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure
