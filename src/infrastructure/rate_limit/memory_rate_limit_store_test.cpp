#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace rampart::infrastructure {
namespace {

using application::RateLimitDecision;
using application::RateLimitPolicy;
using std::chrono::seconds;

constexpr RateLimitPolicy kFivePerSecond{.name = "t", .limit = 5, .window = seconds(1)};

struct FakeClock {
  std::int64_t now = 1'000'000'000;
  std::function<std::int64_t()> Function() {
    return [this] { return now; };
  }
};

TEST(MemoryRateLimitStore, LimitsEachKeySeparately) {
  FakeClock clock;
  MemoryRateLimitStore store({.now_us = clock.Function()});
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(store.TakeNow("a", kFivePerSecond, 1).allowed);
  const RateLimitDecision refused = store.TakeNow("a", kFivePerSecond, 1);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, std::chrono::milliseconds(200));
  EXPECT_TRUE(store.TakeNow("b", kFivePerSecond, 1).allowed);
  clock.now += 200'000;
  EXPECT_TRUE(store.TakeNow("a", kFivePerSecond, 1).allowed);
}

TEST(MemoryRateLimitStore, TakeCallsTheCompletionBeforeReturning) {
  MemoryRateLimitStore store;
  bool called = false;
  store.Take("k", kFivePerSecond, 1, [&](RateLimitDecision decision) {
    called = true;
    EXPECT_TRUE(decision.allowed);
    EXPECT_EQ(decision.remaining, 4u);
  });
  EXPECT_TRUE(called);
}

TEST(MemoryRateLimitStore, ForgetsBucketsThatRefilled) {
  FakeClock clock;
  MemoryRateLimitStore store({.shards = 1, .now_us = clock.Function()});
  for (int i = 0; i < 100; ++i) store.TakeNow("key" + std::to_string(i), kFivePerSecond, 1);
  EXPECT_EQ(store.Size(), 100u);
  clock.now += 1'000'000;  // every bucket is full again
  store.TakeNow("fresh", kFivePerSecond, 1);
  EXPECT_EQ(store.Size(), 1u);
}

TEST(MemoryRateLimitStore, StaysWithinItsBoundUnderManyKeys) {
  FakeClock clock;
  MemoryRateLimitStore store({.max_keys = 64, .shards = 4, .now_us = clock.Function()});
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_TRUE(store.TakeNow("flood" + std::to_string(i), kFivePerSecond, 1).allowed);
  }
  EXPECT_LE(store.Size(), 64u);
  // The most recently used buckets are the ones kept.
  for (int i = 0; i < 4; ++i) store.TakeNow("flood9999", kFivePerSecond, 1);
  EXPECT_FALSE(store.TakeNow("flood9999", kFivePerSecond, 1).allowed);
}

TEST(MemoryRateLimitStore, RefusedNewKeyIsNotStored) {
  MemoryRateLimitStore store;
  EXPECT_FALSE(store.TakeNow("big", kFivePerSecond, 6).allowed);
  EXPECT_EQ(store.Size(), 0u);
}

TEST(MemoryRateLimitStore, ConcurrentTakersNeverExceedTheLimit) {
  FakeClock clock;  // time stands still: exactly `limit` takes may succeed in total
  MemoryRateLimitStore store({.now_us = clock.Function()});
  constexpr RateLimitPolicy kHundred{.name = "t", .limit = 100, .window = seconds(60)};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (store.TakeNow("shared", kHundred, 1).allowed) allowed.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace rampart::infrastructure
