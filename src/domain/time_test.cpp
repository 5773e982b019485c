#include "domain/time.hpp"

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TEST(Rfc3339, ParsesWhatFormatWrites) {
  const TimePoint t{std::chrono::seconds(1767225600)};
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t);
  EXPECT_EQ(ParseRfc3339("2026-01-01T00:00:00Z"), t);
}

// FormatRfc3339 computes the civil date itself: it must agree with gmtime_r everywhere,
// leap days, the epoch, times before it and the last second of a day included.
TEST(Rfc3339, FormatsLikeGmtime) {
  const auto expected = [](std::time_t seconds) {
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return std::string(buffer);
  };
  // The last two are outside years 0..9999, which take the gmtime_r path themselves.
  std::vector<std::time_t> samples{0,         -1,           86399,        86400,
                                   951782400, 951868799,    4107542399,   253402300799,
                                   -62135596800, 253402300800, -62200000000};
  for (std::time_t s = -2'000'000'000; s < 4'000'000'000; s += 7'777'777) samples.push_back(s);
  for (const std::time_t s : samples) {
    EXPECT_EQ(FormatRfc3339(TimePoint{std::chrono::seconds(s)}), expected(s)) << s;
  }
  EXPECT_EQ(FormatRfc3339(TimePoint{std::chrono::seconds(951782400)}), "2000-02-29T00:00:00Z");
}

TEST(Rfc3339, AppliesOffsetsAndDropsFractions) {
  const TimePoint t{std::chrono::seconds(1767225600)};
  EXPECT_EQ(ParseRfc3339("2026-01-01T01:30:00+01:30"), t);
  EXPECT_EQ(ParseRfc3339("2025-12-31T23:00:00-01:00"), t);
  EXPECT_EQ(ParseRfc3339("2026-01-01T00:00:00.999Z"), t);
  EXPECT_EQ(ParseRfc3339("2026-01-01t00:00:00z"), t);
}

TEST(Rfc3339, RejectsEverythingElse) {
  for (const char* bad :
       {"", "2026-01-01", "2026-01-01T00:00:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0100",
        "2026-01-01 00:00:00Z", "yesterday", "2026-01-01T00:00:00Zjunk", "1767225600"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

}  // namespace
}  // namespace rampart::domain
