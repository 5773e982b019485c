#pragma once
// Everything telemetry a serving process runs, started and stopped in one place: the sampler,
// the OTLP exporter (installed as the span sink), DogStatsD, and the process metrics.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "infrastructure/http/dependency.hpp"
#include "infrastructure/telemetry/otlp_json.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::telemetry {

class OtlpExporter;
class DogStatsdExporter;

struct TelemetryConfig {
  ServiceIdentity service;
  double sample_ratio = 1.0;
  std::string otlp_endpoint;  // empty: no OTLP export
  OtlpProtocol otlp_protocol = OtlpProtocol::kHttpProtobuf;
  std::size_t otlp_queue_spans = 4096;
  std::chrono::milliseconds otlp_interval{5000};
  std::chrono::milliseconds otlp_shutdown_timeout{3000};  // the final drain at shutdown
  http::DependencyPolicy otlp_https_policy;               // https:// endpoints
  std::string ca_file;                                    // https:// endpoints; empty: system
  std::string dogstatsd_host;                             // empty: no DogStatsD
  std::uint16_t dogstatsd_port = 8125;
  std::chrono::milliseconds dogstatsd_interval{10000};
};

class TelemetryRuntime {
 public:
  // TelemetryRuntime throws std::invalid_argument / std::runtime_error for an unusable endpoint.
  explicit TelemetryRuntime(const TelemetryConfig& config);
  // Uninstalls the span sink, then flushes and stops the exporters. Destroy it after the
  // server and the worker pool have stopped (no span may still be open).
  ~TelemetryRuntime();
  TelemetryRuntime(const TelemetryRuntime&) = delete;
  TelemetryRuntime& operator=(const TelemetryRuntime&) = delete;

 private:
  std::vector<rampart::telemetry::CallbackHandle> process_metrics_;
  std::unique_ptr<OtlpExporter> otlp_;
  std::unique_ptr<DogStatsdExporter> dogstatsd_;
};

}  // namespace rampart::infrastructure::telemetry
