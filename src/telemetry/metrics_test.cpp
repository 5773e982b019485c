#include "telemetry/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rampart::telemetry {
namespace {

const MetricSnapshot* Find(const std::vector<MetricSnapshot>& all, std::string_view name) {
  for (const auto& snapshot : all) {
    if (snapshot.info.name == name) return &snapshot;
  }
  return nullptr;
}

TEST(Metrics, CountersBySeriesAcrossThreads) {
  Registry registry;
  auto& requests = registry.Counter("t.requests", "Requests.", "{request}", {"route", "code"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) requests.With({"/a", "200"}).Add();
      requests.With({"/b", "500"}).Add(2);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(requests.With({"/a", "200"}).Value(), 4000u);
  EXPECT_EQ(requests.With({"/b", "500"}).Value(), 8u);
  const auto all = registry.Collect();
  const auto* snapshot = Find(all, "t.requests");
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(snapshot->info.type, MetricType::kCounter);
  ASSERT_EQ(snapshot->points.size(), 2u);
  EXPECT_EQ(snapshot->points[0].label_values, (std::vector<std::string>{"/a", "200"}));
  EXPECT_EQ(snapshot->points[0].value, 4000);
}

TEST(Metrics, DeclaringTwiceFindsTheSameFamilyOrRefusesAConflict) {
  Registry registry;
  auto& first = registry.Counter("t.x", "X.", "1", {"a"});
  auto& second = registry.Counter("t.x", "X again.", "1", {"a"});
  EXPECT_EQ(&first, &second);
  EXPECT_THROW(registry.Gauge("t.x", "X.", "1", {"a"}), std::logic_error);
  EXPECT_THROW(registry.Counter("t.x", "X.", "1", {"b"}), std::logic_error);
}

TEST(Metrics, HistogramBucketsAreInclusiveUpperBounds) {
  Registry registry;
  auto& durations = registry.Histogram("t.duration", "D.", "s", {}, {0.1, 1.0});
  auto& series = durations.With({});
  for (double value : {0.05, 0.1, 0.5, 1.0, 3.0}) series.Record(value);
  EXPECT_EQ(series.BucketCounts(), (std::vector<std::uint64_t>{2, 2, 1}));
  EXPECT_EQ(series.Count(), 5u);
  EXPECT_DOUBLE_EQ(series.Sum(), 4.65);
  const auto all = registry.Collect();
  EXPECT_EQ(Find(all, "t.duration")->bounds, (std::vector<double>{0.1, 1.0}));
  EXPECT_THROW(registry.Histogram("t.bad", "B.", "s", {}, {1.0, 0.5}), std::logic_error);
}

TEST(Metrics, GaugesGoUpAndDown) {
  Registry registry;
  auto& in_flight = registry.Gauge("t.in_flight", "In flight.").With({});
  in_flight.Add(3);
  in_flight.Add(-1);
  EXPECT_EQ(in_flight.Value(), 2);
  in_flight.Set(7);
  EXPECT_EQ(Find(registry.Collect(), "t.in_flight")->points[0].value, 7);
}

TEST(Metrics, CallbacksReportAtCollectionUntilTheirHandleDies) {
  Registry registry;
  int depth = 5;
  {
    auto handle = registry.AddCallback({.name = "t.depth",
                                        .description = "Depth.",
                                        .unit = "1",
                                        .type = MetricType::kGauge,
                                        .label_names = {"queue"}},
                                       [&](Observer& out) { out.Observe(depth, {"mail"}); });
    auto all = registry.Collect();
    const auto* snapshot = Find(all, "t.depth");
    ASSERT_NE(snapshot, nullptr);
    ASSERT_EQ(snapshot->points.size(), 1u);
    EXPECT_EQ(snapshot->points[0].value, 5);
    EXPECT_EQ(snapshot->points[0].label_values, (std::vector<std::string>{"mail"}));
    depth = 9;
    EXPECT_EQ(Find(registry.Collect(), "t.depth")->points[0].value, 9);
  }
  EXPECT_EQ(Find(registry.Collect(), "t.depth"), nullptr);
}

TEST(Metrics, MissingLabelValuesAreEmptyNotACrash) {
  Registry registry;
  auto& family = registry.Counter("t.labels", "L.", "1", {"a", "b"});
  family.With({"only-a"}).Add();
  const auto all = registry.Collect();
  EXPECT_EQ(Find(all, "t.labels")->points[0].label_values,
            (std::vector<std::string>{"only-a", ""}));
}

}  // namespace
}  // namespace rampart::telemetry
