#pragma once
// OTLP/HTTP JSON encoding (opentelemetry-proto, JSON mapping: ids as hex, 64-bit integers as
// strings, enums as numbers) of spans and metrics.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure::telemetry {

// ServiceIdentity: who sends: the resource attributes of every export (and Datadog's unified
// service tags).
struct ServiceIdentity {
  std::string name = "rampart";  // service.name / service
  std::string version;           // service.version / version
  std::string environment;       // deployment.environment.name / env
};

// OtlpProtocol: OTLP/HTTP's two encodings, named as OTEL_EXPORTER_OTLP_PROTOCOL names them
// (otlp_protobuf.hpp writes the other one).
enum class OtlpProtocol { kHttpProtobuf, kHttpJson };
// ParseOtlpProtocol accepts "http/protobuf" or "http/json"; nullopt otherwise.
std::optional<OtlpProtocol> ParseOtlpProtocol(std::string_view text);

// EncodeTraces: an ExportTraceServiceRequest, written over `out` (which keeps its capacity).
void EncodeTraces(std::string& out, const ServiceIdentity& service,
                  std::span<const std::unique_ptr<rampart::telemetry::SpanData>> spans);
inline std::string EncodeTraces(
    const ServiceIdentity& service,
    std::span<const std::unique_ptr<rampart::telemetry::SpanData>> spans) {
  std::string out;
  EncodeTraces(out, service, spans);
  return out;
}

// EncodeMetrics returns an ExportMetricsServiceRequest with cumulative sums, gauges and
// explicit-bucket histograms.
std::string EncodeMetrics(const ServiceIdentity& service,
                          const std::vector<rampart::telemetry::MetricSnapshot>& metrics,
                          std::int64_t start_unix_nanos, std::int64_t now_unix_nanos);

}  // namespace rampart::infrastructure::telemetry
