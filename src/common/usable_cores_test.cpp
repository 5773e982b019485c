#include "common/usable_cores.hpp"

#include <gtest/gtest.h>
#include <sched.h>

namespace rampart {
namespace {

TEST(UsableCores, ReadsTheCgroupV2CpuMaxLine) {
  EXPECT_EQ(CpuMaxLimit("max 100000"), std::nullopt);
  EXPECT_EQ(CpuMaxLimit("max 100000\n"), std::nullopt);
  EXPECT_DOUBLE_EQ(CpuMaxLimit("100000 100000\n").value(), 1.0);
  EXPECT_DOUBLE_EQ(CpuMaxLimit("150000 100000").value(), 1.5);
  EXPECT_DOUBLE_EQ(CpuMaxLimit("50000 100000").value(), 0.5);
  EXPECT_EQ(CpuMaxLimit(""), std::nullopt);
  EXPECT_EQ(CpuMaxLimit("garbage"), std::nullopt);
  EXPECT_EQ(CpuMaxLimit("0 100000"), std::nullopt);
}

TEST(UsableCores, TheQuotaLowersTheAffinityRoundedUp) {
  EXPECT_EQ(CoresWithin(64, std::nullopt), 64);
  EXPECT_EQ(CoresWithin(64, 1.0), 1);
  EXPECT_EQ(CoresWithin(64, 1.5), 2);
  EXPECT_EQ(CoresWithin(64, 0.25), 1);
  EXPECT_EQ(CoresWithin(2, 8.0), 2);
  EXPECT_EQ(CoresWithin(0, std::nullopt), 1);
}

// `taskset -c <one CPU>`: one usable core, however many the machine has.
TEST(UsableCores, FollowsTheAffinityMask) {
  cpu_set_t original;
  ASSERT_EQ(sched_getaffinity(0, sizeof original, &original), 0);
  int first = 0;
  while (!CPU_ISSET(first, &original)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  const int pinned = UsableCores();
  ASSERT_EQ(sched_setaffinity(0, sizeof original, &original), 0);
  EXPECT_EQ(pinned, 1);
}

}  // namespace
}  // namespace rampart
