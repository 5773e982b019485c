#pragma once
// The OTLP/HTTP exporter: finished spans go into a bounded queue (SpanSink::OnEnd never blocks:
// a full queue drops the span and counts it); one background thread posts them in batches of
// at most `batch_spans`, at least every `interval`, and posts the metrics every `interval`.
// A collector that is down or slow costs the dropped spans and this thread's time, never a
// request's. Stopping (graceful shutdown) exports what is still queued and the last metrics
// within `shutdown_timeout`; spans still queued after it are dropped and counted.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "infrastructure/http/dependency.hpp"
#include "infrastructure/telemetry/http_post.hpp"
#include "infrastructure/telemetry/otlp_json.hpp"
#include "infrastructure/telemetry/span_ring.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure::telemetry {

struct OtlpOptions {
  // http[s]://host:port (then /v1/traces and /v1/metrics are appended), or a URL ending in
  // /v1/traces (used as is; metrics go to /v1/metrics beside it). http:// posts over the
  // exporter's own blocking client; https:// goes through the outbound HTTP component (TLS
  // verified, `https_policy`, metrics of dependency "otlp").
  std::string endpoint;
  ServiceIdentity service;
  OtlpProtocol protocol = OtlpProtocol::kHttpProtobuf;
  std::size_t max_queue_spans = 4096;
  std::size_t batch_spans = 512;
  std::chrono::milliseconds interval{5000};
  std::chrono::milliseconds timeout{2000};           // per POST
  std::chrono::milliseconds shutdown_timeout{3000};  // the whole final drain
  bool export_metrics = true;
  http::DependencyPolicy https_policy;  // https:// endpoints only
  std::string ca_file;                  // https:// endpoints only; empty: the system's CAs
};

// OtlpUrls returns the traces and metrics URLs for an endpoint setting; nullopt when it is not a
// valid http or https URL.
std::optional<std::pair<HttpUrl, HttpUrl>> OtlpUrls(std::string_view endpoint);

class OtlpHttps;

class OtlpExporter final : public rampart::telemetry::SpanSink {
 public:
  // OtlpExporter starts the background thread. Throws std::invalid_argument for a bad endpoint.
  explicit OtlpExporter(OtlpOptions options,
                        rampart::telemetry::Registry& registry = rampart::telemetry::Metrics());
  // Flushes what is queued (within options.shutdown_timeout) and stops.
  ~OtlpExporter() override;
  OtlpExporter(const OtlpExporter&) = delete;
  OtlpExporter& operator=(const OtlpExporter&) = delete;

  void OnEnd(std::unique_ptr<rampart::telemetry::SpanData> span) noexcept override;

  // Flush exports everything queued now and the metrics, then returns (for shutdown and tests).
  void Flush();

 private:
  void Run();
  // ExportSpans: each POST waits at most options.timeout, and never past `deadline`.
  void ExportSpans(std::vector<std::unique_ptr<rampart::telemetry::SpanData>> batch,
                   std::chrono::steady_clock::time_point deadline);
  void ExportMetrics(std::chrono::steady_clock::time_point deadline);

  const OtlpOptions options_;
  rampart::telemetry::Registry& registry_;
  HttpUrl traces_url_;
  HttpUrl metrics_url_;
  // Used by the exporter thread only: kept-alive connections and the encoding buffer, which
  // keeps its capacity from batch to batch.
  std::unique_ptr<HttpClient> traces_client_;
  std::unique_ptr<HttpClient> metrics_client_;
  std::unique_ptr<OtlpHttps> https_;  // instead of the two above for https:// endpoints
  std::expected<int, std::string> Post(const HttpUrl& url, HttpClient& client,
                                       std::string_view content_type, std::string_view body,
                                       std::chrono::milliseconds timeout);
  std::string body_;
  rampart::telemetry::Counter& exported_;
  rampart::telemetry::Counter& dropped_full_;
  rampart::telemetry::Counter& dropped_failed_;
  rampart::telemetry::Counter& dropped_shutdown_;
  rampart::telemetry::CounterFamily& failures_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable flushed_;
  SpanRing queue_{options_.max_queue_spans};  // allocated once: OnEnd never allocates
  bool stopping_ = false;
  std::chrono::steady_clock::time_point stop_deadline_{};  // set with stopping_
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace rampart::infrastructure::telemetry
