#include "infrastructure/resilience/circuit_breaker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rampart::infrastructure::resilience {
namespace {

using std::chrono::milliseconds;
using State = CircuitBreaker::State;
const CircuitBreaker::Clock::time_point kT0{std::chrono::seconds(1000)};

CircuitBreaker Make() {
  return CircuitBreaker({.failure_threshold = 3, .open_for = milliseconds(500)});
}

TEST(CircuitBreaker, StaysClosedBelowTheThresholdAndSuccessResetsTheCount) {
  auto breaker = Make();
  breaker.RecordFailure(kT0);
  breaker.RecordFailure(kT0);
  breaker.RecordSuccess();
  breaker.RecordFailure(kT0);
  breaker.RecordFailure(kT0);
  EXPECT_EQ(breaker.CurrentState(kT0), State::kClosed);
  EXPECT_TRUE(breaker.Allow(kT0));
  EXPECT_EQ(breaker.Trips(), 0U);
}

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresAndFailsFast) {
  auto breaker = Make();
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(kT0);
  EXPECT_EQ(breaker.CurrentState(kT0), State::kOpen);
  EXPECT_FALSE(breaker.Allow(kT0));
  EXPECT_FALSE(breaker.Allow(kT0 + milliseconds(499)));
  EXPECT_EQ(breaker.Trips(), 1U);
}

TEST(CircuitBreaker, HalfOpenLetsExactlyOneTrialThroughAndItsSuccessCloses) {
  auto breaker = Make();
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(kT0);
  const auto later = kT0 + milliseconds(500);
  EXPECT_EQ(breaker.CurrentState(later), State::kHalfOpen);
  EXPECT_TRUE(breaker.Allow(later));
  EXPECT_FALSE(breaker.Allow(later));
  EXPECT_FALSE(breaker.Allow(later + milliseconds(10)));
  breaker.RecordSuccess();
  EXPECT_EQ(breaker.CurrentState(later), State::kClosed);
  EXPECT_TRUE(breaker.Allow(later));
  EXPECT_TRUE(breaker.Allow(later));
}

TEST(CircuitBreaker, AFailedTrialReopensForAnotherCoolDown) {
  auto breaker = Make();
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(kT0);
  const auto trial = kT0 + milliseconds(600);
  ASSERT_TRUE(breaker.Allow(trial));
  breaker.RecordFailure(trial);
  EXPECT_EQ(breaker.CurrentState(trial + milliseconds(499)), State::kOpen);
  EXPECT_FALSE(breaker.Allow(trial + milliseconds(499)));
  EXPECT_TRUE(breaker.Allow(trial + milliseconds(500)));
  EXPECT_EQ(breaker.Trips(), 1U);  // still the same outage
}

TEST(CircuitBreaker, ATrialThatNeverReportsBackDoesNotBlockForever) {
  auto breaker = Make();
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(kT0);
  const auto trial = kT0 + milliseconds(500);
  ASSERT_TRUE(breaker.Allow(trial));
  EXPECT_FALSE(breaker.Allow(trial + milliseconds(499)));
  EXPECT_TRUE(breaker.Allow(trial + milliseconds(500)));
}

TEST(CircuitBreaker, ConcurrentCallersGetOneTrial) {
  auto breaker = Make();
  for (int i = 0; i < 3; ++i) breaker.RecordFailure(kT0);
  const auto trial = kT0 + milliseconds(500);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) allowed += breaker.Allow(trial) ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 1);
}

TEST(CircuitBreaker, RejectsNonsenseOptions) {
  EXPECT_THROW(CircuitBreaker({.failure_threshold = 0}), std::invalid_argument);
  EXPECT_THROW(CircuitBreaker({.failure_threshold = 1, .open_for = milliseconds(-1)}),
               std::invalid_argument);
  EXPECT_EQ(ToString(State::kHalfOpen), "half-open");
}

}  // namespace
}  // namespace rampart::infrastructure::resilience
