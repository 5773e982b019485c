#pragma once
// Metrics to DogStatsD over UDP: every `interval` a background thread reads the registry and
// sends counters as deltas (`|c`), gauges as values (`|g`) and histograms as `<name>.count`,
// `<name>.sum` and cumulative `<name>.bucket` deltas tagged `upper_bound` (Datadog's
// OpenMetrics convention), every line tagged with the labels and the unified service tags
// `service`, `env`, `version`. UDP: a missing agent costs nothing.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "infrastructure/telemetry/otlp_json.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::telemetry {

struct DogStatsdOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8125;
  ServiceIdentity service;
  std::chrono::milliseconds interval{10000};
};

// DogStatsdLines returns the DogStatsD lines for `metrics`; `previous` holds the last cumulative
// values sent (by series) and is updated, so that counters go out as deltas. Series without change
// are skipped.
std::vector<std::string> DogStatsdLines(
    const std::vector<rampart::telemetry::MetricSnapshot>& metrics, const ServiceIdentity& service,
    std::map<std::string, double>& previous);

class DogStatsdExporter {
 public:
  // DogStatsdExporter throws std::runtime_error when the address does not resolve.
  explicit DogStatsdExporter(DogStatsdOptions options, rampart::telemetry::Registry& registry =
                                                           rampart::telemetry::Metrics());
  // Sends a last flush and stops.
  ~DogStatsdExporter();
  DogStatsdExporter(const DogStatsdExporter&) = delete;
  DogStatsdExporter& operator=(const DogStatsdExporter&) = delete;

 private:
  void Run();
  void SendOnce();

  const DogStatsdOptions options_;
  rampart::telemetry::Registry& registry_;
  int socket_ = -1;
  std::map<std::string, double> previous_;  // the thread's only
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rampart::infrastructure::telemetry
