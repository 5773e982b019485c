#pragma once
// OTLP/HTTP protobuf encoding (opentelemetry-proto: collector/trace/v1 ExportTraceServiceRequest
// and collector/metrics/v1 ExportMetricsServiceRequest), written by hand for the few messages
// we send: no protobuf library. What `Content-Type: application/x-protobuf` carries; about half
// the bytes of the JSON mapping and cheaper to write (ids and times are raw bytes, not text).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "infrastructure/telemetry/otlp_json.hpp"  // ServiceIdentity
#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure::telemetry {

// EncodeTracesProtobuf returns an ExportTraceServiceRequest, written into `out` (which keeps its
// capacity between batches); returns the encoded message, a view of the end of `out`.
std::string_view EncodeTracesProtobuf(
    std::string& out, const ServiceIdentity& service,
    std::span<const std::unique_ptr<rampart::telemetry::SpanData>> spans);

// EncodeMetricsProtobuf returns an ExportMetricsServiceRequest with cumulative sums, gauges and
// explicit-bucket histograms.
std::string EncodeMetricsProtobuf(const ServiceIdentity& service,
                                  const std::vector<rampart::telemetry::MetricSnapshot>& metrics,
                                  std::int64_t start_unix_nanos, std::int64_t now_unix_nanos);

}  // namespace rampart::infrastructure::telemetry
