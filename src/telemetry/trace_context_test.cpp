#include "telemetry/trace_context.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rampart::telemetry {
namespace {

TEST(TraceParent, ParsesTheSpecExample) {
  const auto parsed = ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->trace_id.Hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(SpanIdHex(parsed->parent_id), "00f067aa0ba902b7");
  EXPECT_TRUE(parsed->sampled);
  EXPECT_FALSE(
      ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")->sampled);
}

TEST(TraceParent, RoundTrips) {
  const TraceId trace{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  const std::string header = FormatTraceParent(trace, 0x1122334455667788ULL, true);
  EXPECT_EQ(header, "00-0123456789abcdeffedcba9876543210-1122334455667788-01");
  const auto parsed = ParseTraceParent(header);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->trace_id, trace);
  EXPECT_EQ(parsed->parent_id, 0x1122334455667788ULL);
}

TEST(TraceParent, RejectsWhatTheSpecSaysToIgnore) {
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",     // short
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero parent id
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // forbidden version
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // v00 with extra
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // separator
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
       }) {
    EXPECT_FALSE(ParseTraceParent(bad)) << bad;
  }
  // A later version may append fields after a dash.
  EXPECT_TRUE(ParseTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc"));
}

TEST(TraceState, AcceptsListsAndRejectsGarbage) {
  EXPECT_TRUE(IsValidTraceState("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));
  EXPECT_TRUE(IsValidTraceState("dd=s:1;o:rum , vendor=x"));
  EXPECT_FALSE(IsValidTraceState(""));
  EXPECT_FALSE(IsValidTraceState("novalue"));
  EXPECT_FALSE(IsValidTraceState("=x"));
  EXPECT_FALSE(IsValidTraceState("a=\x01"));
  EXPECT_FALSE(IsValidTraceState(std::string(513, 'a')));
  std::string many;
  for (int i = 0; i < 33; ++i) {
    many.push_back('k');
    many.append(std::to_string(i));
    many.append("=v,");
  }
  EXPECT_FALSE(IsValidTraceState(many));
}

TEST(Ids, AreRandomAndValid) {
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const TraceId trace = NewTraceId();
    EXPECT_TRUE(trace.Valid());
    seen.insert(trace.low);
    EXPECT_NE(NewSpanId(), 0u);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Ids, DatadogFormIsDecimal) {
  EXPECT_EQ(DatadogId(0xa3ce929d0e0e4736ULL), "11803532876627986230");
}

}  // namespace
}  // namespace rampart::telemetry
