#include "api/server/repeated_failure_log.hpp"

#include <gtest/gtest.h>

namespace rampart::api {
namespace {

using namespace std::chrono_literals;
using Clock = RepeatedFailureLog::Clock;

TEST(RepeatedFailureLog, LogsTheFirstFailureThenOneLinePerIntervalWithTheCount) {
  RepeatedFailureLog log(10s);
  const Clock::time_point t0{};
  EXPECT_EQ(log.Failed(t0), 1u);
  // Every 50 ms for 10 s: 199 failures held back, then the line that reports all 200.
  for (int i = 1; i < 200; ++i) EXPECT_EQ(log.Failed(t0 + i * 50ms), std::nullopt) << i;
  EXPECT_EQ(log.Failed(t0 + 10s), 200u);
  EXPECT_EQ(log.Failed(t0 + 10s + 50ms), std::nullopt);
  EXPECT_EQ(log.Total(), 202u);
}

TEST(RepeatedFailureLog, RecoveryReportsWhatWasHeldBackAndRearms) {
  RepeatedFailureLog log(10s);
  const Clock::time_point t0{};
  EXPECT_EQ(log.Recovered(), std::nullopt);  // nothing failed
  EXPECT_EQ(log.Failed(t0), 1u);
  EXPECT_EQ(log.Recovered(), std::nullopt);  // the one failure was logged already
  EXPECT_EQ(log.Failed(t0 + 1s), 1u);        // re-armed: logged at once
  EXPECT_EQ(log.Failed(t0 + 2s), std::nullopt);
  EXPECT_EQ(log.Failed(t0 + 3s), std::nullopt);
  EXPECT_EQ(log.Recovered(), 2u);
  EXPECT_EQ(log.Recovered(), std::nullopt);
}

}  // namespace
}  // namespace rampart::api
