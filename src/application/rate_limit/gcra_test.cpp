#include "application/rate_limit/gcra.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

// 10 requests per second: one token every 100 ms.
constexpr RateLimitPolicy kTenPerSecond{.name = "test", .limit = 10, .window = seconds(1)};
constexpr std::int64_t kSecond = 1'000'000;

TEST(Gcra, NewBucketIsFullAndAllowsABurstOfLimit) {
  std::optional<std::int64_t> tat;
  const std::int64_t now = 50 * kSecond;
  for (std::uint32_t i = 0; i < 10; ++i) {
    const GcraStep step = Gcra(tat, now, kTenPerSecond, 1);
    ASSERT_TRUE(step.decision.allowed) << "request " << i;
    EXPECT_EQ(step.decision.remaining, 9 - i);
    EXPECT_EQ(step.decision.reset, microseconds((i + 1) * 100'000));
    EXPECT_EQ(step.decision.retry_after, microseconds(0));
    tat = step.tat;
  }
  const GcraStep refused = Gcra(tat, now, kTenPerSecond, 1);
  EXPECT_FALSE(refused.decision.allowed);
  EXPECT_EQ(refused.decision.remaining, 0u);
  EXPECT_EQ(refused.decision.retry_after, microseconds(100'000));
  EXPECT_EQ(refused.decision.reset, seconds(1));
  EXPECT_EQ(refused.tat, *tat) << "a refusal does not consume";
}

TEST(Gcra, RefillsContinuously) {
  std::optional<std::int64_t> tat;
  std::int64_t now = 0;
  for (int i = 0; i < 10; ++i) tat = Gcra(tat, now, kTenPerSecond, 1).tat;
  ASSERT_FALSE(Gcra(tat, now, kTenPerSecond, 1).decision.allowed);
  now += 99'999;
  EXPECT_FALSE(Gcra(tat, now, kTenPerSecond, 1).decision.allowed);
  now += 1;
  const GcraStep step = Gcra(tat, now, kTenPerSecond, 1);
  EXPECT_TRUE(step.decision.allowed);
  EXPECT_EQ(step.decision.remaining, 0u);
  tat = step.tat;
  now += 350'000;  // three and a half tokens back
  EXPECT_EQ(Gcra(tat, now, kTenPerSecond, 1).decision.remaining, 2u);
}

TEST(Gcra, IdleBucketIsFullAgainAndItsTatIsInThePast) {
  const GcraStep first = Gcra(std::nullopt, 0, kTenPerSecond, 5);
  EXPECT_EQ(first.decision.remaining, 5u);
  EXPECT_EQ(first.tat, 500'000);
  // Long after: the stale TAT counts as "now", the bucket is full.
  const GcraStep later = Gcra(first.tat, 10 * kSecond, kTenPerSecond, 1);
  EXPECT_TRUE(later.decision.allowed);
  EXPECT_EQ(later.decision.remaining, 9u);
}

TEST(Gcra, CostAboveLimitIsAlwaysRefused) {
  const GcraStep step = Gcra(std::nullopt, 0, kTenPerSecond, 11);
  EXPECT_FALSE(step.decision.allowed);
  EXPECT_EQ(step.tat, 0);
}

TEST(Gcra, CostTakesSeveralTokens) {
  GcraStep step = Gcra(std::nullopt, 0, kTenPerSecond, 7);
  EXPECT_TRUE(step.decision.allowed);
  EXPECT_EQ(step.decision.remaining, 3u);
  step = Gcra(step.tat, 0, kTenPerSecond, 4);
  EXPECT_FALSE(step.decision.allowed);
  EXPECT_EQ(step.decision.retry_after, microseconds(100'000));
}

TEST(Gcra, UnevenRateRoundsTheIncrementDown) {
  // 3 per second: 333'333 µs per token; three fit in a fresh bucket, a fourth does not.
  constexpr RateLimitPolicy kThree{.name = "t", .limit = 3, .window = seconds(1)};
  std::optional<std::int64_t> tat;
  for (int i = 0; i < 3; ++i) {
    const GcraStep step = Gcra(tat, 0, kThree, 1);
    ASSERT_TRUE(step.decision.allowed);
    tat = step.tat;
  }
  EXPECT_FALSE(Gcra(tat, 0, kThree, 1).decision.allowed);
}

}  // namespace
}  // namespace rampart::application
