#include "infrastructure/telemetry/prometheus.hpp"

#include <gtest/gtest.h>

#include "infrastructure/telemetry/process_metrics.hpp"

namespace rampart::infrastructure::telemetry {
namespace {

namespace t = rampart::telemetry;

TEST(Prometheus, NamesFollowTheOpenTelemetryMapping) {
  EXPECT_EQ(
      PrometheusName(
          {.name = "http.server.request.duration", .unit = "s", .type = t::MetricType::kHistogram}),
      "http_server_request_duration_seconds");
  EXPECT_EQ(
      PrometheusName(
          {.name = "rampart.notes.writes", .unit = "{write}", .type = t::MetricType::kCounter}),
      "rampart_notes_writes_total");
  EXPECT_EQ(PrometheusName(
                {.name = "process.resident_memory", .unit = "By", .type = t::MetricType::kGauge}),
            "process_resident_memory_bytes");
  EXPECT_EQ(PrometheusName({.name = "process.cpu", .unit = "s", .type = t::MetricType::kCounter}),
            "process_cpu_seconds_total");
  EXPECT_EQ(PrometheusLabel("http.response.status_code"), "http_response_status_code");
}

TEST(Prometheus, RendersCountersGaugesAndCumulativeHistograms) {
  t::Registry registry;
  registry.Counter("t.writes", "Writes by outcome.", "{write}", {"outcome"}).With({"ok"}).Add(3);
  registry.Gauge("t.active", "Active \\ now\nreally.").With({}).Set(2);
  auto& histogram =
      registry.Histogram("t.duration", "Durations.", "s", {"http.route"}, {0.1, 1}).With({"/a\"b"});
  histogram.Record(0.05);
  histogram.Record(0.5);
  histogram.Record(5);
  const std::string text = PrometheusText(registry.Collect());
  EXPECT_EQ(text,
            "# HELP t_writes_total Writes by outcome.\n"
            "# TYPE t_writes_total counter\n"
            "t_writes_total{outcome=\"ok\"} 3\n"
            "# HELP t_active Active \\\\ now\\nreally.\n"
            "# TYPE t_active gauge\n"
            "t_active 2\n"
            "# HELP t_duration_seconds Durations.\n"
            "# TYPE t_duration_seconds histogram\n"
            "t_duration_seconds_bucket{http_route=\"/a\\\"b\",le=\"0.1\"} 1\n"
            "t_duration_seconds_bucket{http_route=\"/a\\\"b\",le=\"1\"} 2\n"
            "t_duration_seconds_bucket{http_route=\"/a\\\"b\",le=\"+Inf\"} 3\n"
            "t_duration_seconds_sum{http_route=\"/a\\\"b\"} 5.55\n"
            "t_duration_seconds_count{http_route=\"/a\\\"b\"} 3\n");
}

TEST(ProcessMetrics, ReadsThisProcess) {
  const auto stats = ReadProcessStats();
  ASSERT_TRUE(stats);
  EXPECT_GT(stats->resident_bytes, 1 << 20);
  EXPECT_GE(stats->threads, 1);
  EXPECT_GE(stats->open_fds, 3);
  EXPECT_GT(stats->max_fds, stats->open_fds);
  EXPECT_GT(stats->start_time_seconds, 1.6e9);
  t::Registry registry;
  const auto handles = RegisterProcessMetrics(registry);
  const std::string text = PrometheusText(registry.Collect());
  EXPECT_NE(text.find("\nprocess_resident_memory_bytes "), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find("\nprocess_open_fds "), std::string::npos) << text;
  EXPECT_NE(text.find("\nprocess_threads "), std::string::npos) << text;
}

}  // namespace
}  // namespace rampart::infrastructure::telemetry
