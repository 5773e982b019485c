#include "infrastructure/security/system_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace rampart::infrastructure {
namespace {

TEST(SystemClock, IsTheWallClockInWholeSeconds) {
  const SystemClock clock;
  const auto before = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const domain::TimePoint now = clock.Now();
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace rampart::infrastructure
