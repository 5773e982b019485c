#include "infrastructure/telemetry/telemetry_runtime.hpp"

#include "common/log.hpp"
#include "infrastructure/telemetry/dogstatsd.hpp"
#include "infrastructure/telemetry/otlp_exporter.hpp"
#include "infrastructure/telemetry/process_metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure::telemetry {

TelemetryRuntime::TelemetryRuntime(const TelemetryConfig& config)
    : process_metrics_(RegisterProcessMetrics(rampart::telemetry::Metrics())) {
  rampart::telemetry::SetSampleRatio(config.sample_ratio);
  if (!config.otlp_endpoint.empty()) {
    otlp_ =
        std::make_unique<OtlpExporter>(OtlpOptions{.endpoint = config.otlp_endpoint,
                                                   .service = config.service,
                                                   .protocol = config.otlp_protocol,
                                                   .max_queue_spans = config.otlp_queue_spans,
                                                   .interval = config.otlp_interval,
                                                   .shutdown_timeout = config.otlp_shutdown_timeout,
                                                   .https_policy = config.otlp_https_policy,
                                                   .ca_file = config.ca_file});
    rampart::telemetry::SetSpanSink(otlp_.get());
  }
  if (!config.dogstatsd_host.empty()) {
    dogstatsd_ = std::make_unique<DogStatsdExporter>(
        DogStatsdOptions{.host = config.dogstatsd_host,
                         .port = config.dogstatsd_port,
                         .service = config.service,
                         .interval = config.dogstatsd_interval});
  }
  log::Info(
      "telemetry", "telemetry started",
      {{"otlpEndpoint", config.otlp_endpoint},
       {"sampleRatio", config.sample_ratio},
       {"dogstatsd", config.dogstatsd_host.empty()
                         ? std::string()
                         : config.dogstatsd_host + ":" + std::to_string(config.dogstatsd_port)}});
}

TelemetryRuntime::~TelemetryRuntime() {
  rampart::telemetry::SetSpanSink(nullptr);
  otlp_.reset();
  dogstatsd_.reset();
}

}  // namespace rampart::infrastructure::telemetry
