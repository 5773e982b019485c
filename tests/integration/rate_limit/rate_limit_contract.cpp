#include "integration/rate_limit/rate_limit_contract.hpp"

#include <atomic>
#include <future>
#include <thread>
#include <vector>

namespace rampart::integration {

using namespace std::chrono_literals;
using application::RateLimitDecision;
using application::RateLimitPolicy;

RateLimitDecision RateLimitContract::Take(std::string_view key, const RateLimitPolicy& policy,
                                          std::uint32_t cost) {
  std::promise<RateLimitDecision> promise;
  auto decided = promise.get_future();
  store_->Take(key, policy, cost,
               [&promise](RateLimitDecision decision) { promise.set_value(decision); });
  return decided.get();
}

namespace {

// 5 tokens an hour: one token is 12 minutes, far longer than any test.
constexpr RateLimitPolicy kFivePerHour{.name = "test", .limit = 5, .window = 1h};

}  // namespace

TEST_P(RateLimitContract, AFreshBucketAllowsTheBurstCountingDownThenRefuses) {
  for (std::uint32_t expected_remaining : {4u, 3u, 2u, 1u, 0u}) {
    const RateLimitDecision decision = Take(Key("burst"), kFivePerHour);
    ASSERT_TRUE(decision.allowed);
    EXPECT_EQ(decision.remaining, expected_remaining);
    EXPECT_EQ(decision.retry_after, 0us);
    EXPECT_GT(decision.reset, 0us);
    EXPECT_LE(decision.reset, std::chrono::microseconds(1h));
  }
  const RateLimitDecision refused = Take(Key("burst"), kFivePerHour);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0u);
  // The next token comes 12 minutes after the first take (minus the time the test took).
  EXPECT_GT(refused.retry_after, std::chrono::microseconds(11min));
  EXPECT_LE(refused.retry_after, std::chrono::microseconds(12min));
  EXPECT_GT(refused.reset, std::chrono::microseconds(59min));
  EXPECT_LE(refused.reset, std::chrono::microseconds(1h));
}

TEST_P(RateLimitContract, ARefusalTakesNothing) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Take(Key("refusal"), kFivePerHour).allowed);
  const auto first = Take(Key("refusal"), kFivePerHour);
  const auto second = Take(Key("refusal"), kFivePerHour);
  EXPECT_FALSE(first.allowed);
  EXPECT_FALSE(second.allowed);
  // Both wait for the same token (only the elapsed time between them differs).
  EXPECT_LE(second.retry_after, first.retry_after);
  EXPECT_GT(second.retry_after, first.retry_after - 1min);
}

TEST_P(RateLimitContract, KeysAreIndependent) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Take(Key("a"), kFivePerHour).allowed);
  EXPECT_FALSE(Take(Key("a"), kFivePerHour).allowed);
  const auto other = Take(Key("b"), kFivePerHour);
  EXPECT_TRUE(other.allowed);
  EXPECT_EQ(other.remaining, 4u);
}

TEST_P(RateLimitContract, ACostTakesThatManyTokensAndACostAboveTheLimitIsRefused) {
  constexpr RateLimitPolicy kTen{.name = "test", .limit = 10, .window = 1h};
  const auto four = Take(Key("cost"), kTen, 4);
  EXPECT_TRUE(four.allowed);
  EXPECT_EQ(four.remaining, 6u);
  EXPECT_FALSE(Take(Key("cost"), kTen, 11).allowed);
  EXPECT_FALSE(Take(Key("cost"), kTen, 7).allowed);  // 6 left
  const auto six = Take(Key("cost"), kTen, 6);
  EXPECT_TRUE(six.allowed);
  EXPECT_EQ(six.remaining, 0u);
}

TEST_P(RateLimitContract, TryTakeNowEitherDecidesOrTakesNothing) {
  const auto now = store_->TryTakeNow(Key("now"), kFivePerHour, 1);
  const auto later = Take(Key("now"), kFivePerHour);
  ASSERT_TRUE(later.allowed);
  EXPECT_EQ(later.remaining, now ? 3u : 4u);
}

TEST_P(RateLimitContract, ConcurrentTakesAllowExactlyTheLimit) {
  constexpr RateLimitPolicy kFifty{.name = "test", .limit = 50, .window = 1h};
  std::atomic<int> allowed = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (Take(Key("concurrent"), kFifty).allowed) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 50);
}

TEST_P(RateLimitContract, TheBucketRefillsAfterRetryAfter) {
  constexpr RateLimitPolicy kTwoPerFifthSecond{.name = "test", .limit = 2, .window = 200ms};
  ASSERT_TRUE(Take(Key("refill"), kTwoPerFifthSecond).allowed);
  ASSERT_TRUE(Take(Key("refill"), kTwoPerFifthSecond).allowed);
  const auto refused = Take(Key("refill"), kTwoPerFifthSecond);
  ASSERT_FALSE(refused.allowed);
  ASSERT_GT(refused.retry_after, 0us);
  ASSERT_LE(refused.retry_after, 100ms);
  // Waiting is the behaviour under test: Retry-After is a promise that a retry then succeeds.
  std::this_thread::sleep_for(refused.retry_after + 2ms);
  EXPECT_TRUE(Take(Key("refill"), kTwoPerFifthSecond).allowed);
}

}  // namespace rampart::integration
