#include "common/repeated_warnings.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "common/log_capture.hpp"

namespace rampart::log {
namespace {

using namespace std::chrono_literals;
using Clock = RepeatedWarnings::Clock;

TEST(RepeatedWarnings, WritesTheFirstCountsTheRestAndReportsThemAfterTheWindow) {
  RepeatedWarnings repeats(10s);
  const Clock::time_point t0{};
  EXPECT_TRUE(repeats.Admit("db down", t0 + 1s).write);
  for (int i = 0; i < 99; ++i) EXPECT_FALSE(repeats.Admit("db down", t0 + 2s).write);
  // Another kind of warning is not held back by the first.
  EXPECT_TRUE(repeats.Admit("cache down", t0 + 2s).write);
  const auto later = repeats.Admit("db down", t0 + 11s);
  EXPECT_TRUE(later.write);
  EXPECT_EQ(later.suppressed, 99U);
  const auto next = repeats.Admit("db down", t0 + 30s);
  EXPECT_TRUE(next.write);
  EXPECT_EQ(next.suppressed, 0U);
}

TEST(RepeatedWarnings, WarnCoalescedWritesOneLinePerKindAndWindow) {
  test_support::LogCapture capture("warn");
  for (int i = 0; i < 50; ++i) {
    WarnCoalesced("test", "dependency unavailable", {{"attempt", i}}, "database");
  }
  WarnCoalesced("test", "dependency unavailable", {{"attempt", 0}}, "cache");
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(boost::json::parse(lines[0]).at("attempt").as_int64(), 0);
  EXPECT_FALSE(boost::json::parse(lines[0]).as_object().contains("repeated"));
}

}  // namespace
}  // namespace rampart::log
