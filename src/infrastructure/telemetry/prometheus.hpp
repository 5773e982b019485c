#pragma once
// Prometheus text exposition format 0.0.4 of the metrics registry (GET /metrics).
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::telemetry {

// PrometheusName: "http.server.request.duration" with unit "s" →
// "http_server_request_duration_seconds"; counters end in "_total". The usual
// OpenTelemetry-to-Prometheus mapping.
std::string PrometheusName(const rampart::telemetry::MetricInfo& info);

// PrometheusLabel: "http.route" → "http_route".
std::string PrometheusLabel(std::string_view name);

// PrometheusText returns the exposition of `metrics`: HELP and TYPE per metric, histograms as
// cumulative `_bucket` series with `le`, plus `_sum` and `_count`.
std::string PrometheusText(const std::vector<rampart::telemetry::MetricSnapshot>& metrics);

// The Content-Type of that text.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace rampart::infrastructure::telemetry
