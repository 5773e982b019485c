#include "infrastructure/resilience/backoff.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace rampart::infrastructure::resilience {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DelaysStayWithinHalfToFullOfAGrowingCeiling) {
  Backoff backoff({.initial = milliseconds(100), .max = milliseconds(10000), .multiplier = 2.0},
                  42);
  long long ceiling = 100;
  for (int attempt = 0; attempt < 6; ++attempt) {
    EXPECT_EQ(backoff.Ceiling().count(), ceiling);
    const auto delay = backoff.Next().count();
    EXPECT_GE(delay, ceiling / 2) << "attempt " << attempt;
    EXPECT_LE(delay, ceiling) << "attempt " << attempt;
    ceiling *= 2;
  }
  EXPECT_EQ(backoff.Attempts(), 6);
}

TEST(Backoff, CeilingIsCappedAtMaxAndAttemptsStopGrowing) {
  Backoff backoff({.initial = milliseconds(100), .max = milliseconds(1000), .multiplier = 3.0}, 7);
  for (int i = 0; i < 1000; ++i) {
    const auto delay = backoff.Next();
    EXPECT_LE(delay, milliseconds(1000));
  }
  EXPECT_EQ(backoff.Ceiling(), milliseconds(1000));
  EXPECT_LT(backoff.Attempts(), 10);
  const auto delay = backoff.Next();
  EXPECT_GE(delay, milliseconds(500));
}

TEST(Backoff, ResetStartsOverFromInitial) {
  Backoff backoff({.initial = milliseconds(50), .max = milliseconds(5000), .multiplier = 2.0}, 1);
  for (int i = 0; i < 5; ++i) backoff.Next();
  EXPECT_GT(backoff.Ceiling(), milliseconds(50));
  backoff.Reset();
  EXPECT_EQ(backoff.Attempts(), 0);
  EXPECT_EQ(backoff.Ceiling(), milliseconds(50));
  EXPECT_LE(backoff.Next(), milliseconds(50));
}

TEST(Backoff, IsJitteredSoClientsSpreadOut) {
  // Two clients with different seeds at the same attempt rarely pick the same delay; one client
  // over many resets picks many distinct delays.
  std::set<long long> seen;
  Backoff backoff({.initial = milliseconds(1000), .max = milliseconds(1000), .multiplier = 1.0}, 9);
  for (int i = 0; i < 200; ++i) seen.insert(backoff.Next().count());
  EXPECT_GT(seen.size(), 100U);
  EXPECT_GE(*seen.begin(), 500);
  EXPECT_LE(*seen.rbegin(), 1000);
}

TEST(Backoff, RejectsNonsenseOptions) {
  EXPECT_THROW(Backoff({.initial = milliseconds(0)}), std::invalid_argument);
  EXPECT_THROW(Backoff({.initial = milliseconds(100), .max = milliseconds(10)}),
               std::invalid_argument);
  EXPECT_THROW(
      Backoff({.initial = milliseconds(100), .max = milliseconds(1000), .multiplier = 0.5}),
      std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure::resilience

namespace rampart::infrastructure::resilience {
namespace {

TEST(Backoff, FullJitterPicksAnywhereBelowTheCeiling) {
  Backoff backoff({.initial = std::chrono::milliseconds(1000),
                   .max = std::chrono::milliseconds(1000),
                   .multiplier = 1.0,
                   .jitter = Jitter::kFull},
                  3);
  long long lowest = 1000;
  for (int i = 0; i < 500; ++i) {
    const auto delay = backoff.Next().count();
    EXPECT_LE(delay, 1000);
    EXPECT_GE(delay, 0);
    lowest = std::min<long long>(lowest, delay);
  }
  EXPECT_LT(lowest, 500);  // equal jitter never goes below half
}

}  // namespace
}  // namespace rampart::infrastructure::resilience
