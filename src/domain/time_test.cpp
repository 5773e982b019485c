#include "domain/time.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TEST(Rfc3339, ParsesWhatFormatWrites) {
  const TimePoint t{std::chrono::seconds(1767225600)};
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(t)), t);
  EXPECT_EQ(ParseRfc3339("2026-01-01T00:00:00Z"), t);
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
