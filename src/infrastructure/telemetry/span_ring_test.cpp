#include "infrastructure/telemetry/span_ring.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure::telemetry {
namespace {

std::unique_ptr<rampart::telemetry::SpanData> Named(std::string name) {
  auto span = std::make_unique<rampart::telemetry::SpanData>();
  span->name = std::move(name);
  return span;
}

TEST(SpanRing, KeepsOrderAcrossTheWrapAndRefusesWhenFull) {
  SpanRing ring(3);
  int next = 0;
  int expected = 0;
  for (int round = 0; round < 5; ++round) {
    while (!ring.full()) {
      auto span = Named(std::to_string(next++));
      ASSERT_TRUE(ring.push_back(span));
      EXPECT_EQ(span, nullptr);
    }
    auto extra = Named("extra");
    EXPECT_FALSE(ring.push_back(extra));
    ASSERT_NE(extra, nullptr);  // still the caller's, to drop and count
    EXPECT_EQ(ring.size(), 3u);
    // Take two, so the next round's pushes wrap around the storage.
    for (int i = 0; i < 2; ++i) EXPECT_EQ(ring.pop_front()->name, std::to_string(expected++));
  }
  ring.clear();
  EXPECT_TRUE(ring.empty());
}

}  // namespace
}  // namespace rampart::infrastructure::telemetry
