#include "infrastructure/telemetry/otlp_exporter.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "common/log.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/telemetry/otlp_protobuf.hpp"

namespace rampart::infrastructure::telemetry {
namespace {

namespace t = rampart::telemetry;
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kProtobuf = "application/x-protobuf";
constexpr std::string_view kComponent = "telemetry";

std::int64_t NowUnixNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A POST's timeout: its own, cut to what is left before `deadline` (shutdown).
std::chrono::milliseconds Budget(std::chrono::milliseconds timeout,
                                 std::chrono::steady_clock::time_point deadline) {
  if (deadline == std::chrono::steady_clock::time_point::max()) return timeout;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return std::clamp(left, std::chrono::milliseconds(1), timeout);
}

t::CounterFamily& SpanCounter(t::Registry& registry) {
  return registry.Counter("rampart.telemetry.spans", "Spans by what became of them.", "{span}",
                          {"outcome"});
}

}  // namespace

std::optional<OtlpProtocol> ParseOtlpProtocol(std::string_view text) {
  if (text == "http/protobuf") return OtlpProtocol::kHttpProtobuf;
  if (text == "http/json") return OtlpProtocol::kHttpJson;
  return std::nullopt;
}

// An https:// collector: the outbound HTTP client (TLS verified) behind the "otlp" policy.
class OtlpHttps {
 public:
  explicit OtlpHttps(const OtlpOptions& options)
      : client_({.ca_file = options.ca_file, .user_agent = "rampart-otlp"}),
        dependency_("otlp", options.https_policy, client_) {}

  std::expected<int, std::string> Post(const HttpUrl& url, std::string_view content_type,
                                       std::string_view body, std::chrono::milliseconds timeout) {
    http::HttpRequest request{.method = "POST"};
    request.url = {.tls = true, .host = url.host, .port = url.port, .target = url.path};
    request.headers = {{"Content-Type", std::string(content_type)}};
    request.body = std::string(body);
    // The exporter's own per-POST budget (what is left of the shutdown drain) caps the policy.
    auto result = dependency_.Call([&] { return request; }, http::ClassifyStatus, {}, timeout);
    if (!result) return std::unexpected(result.error().message);
    return result->status;
  }

 private:
  http::HttpClient client_;
  http::Dependency dependency_;
};

std::expected<int, std::string> OtlpExporter::Post(const HttpUrl& url, HttpClient& client,
                                                   std::string_view content_type,
                                                   std::string_view body,
                                                   std::chrono::milliseconds timeout) {
  if (https_) return https_->Post(url, content_type, body, timeout);
  return client.Post(url.path, content_type, body, timeout);
}

std::optional<std::pair<HttpUrl, HttpUrl>> OtlpUrls(std::string_view endpoint) {
  auto base = ParseHttpOrHttpsUrl(endpoint);
  if (!base) return std::nullopt;
  HttpUrl traces = *base;
  HttpUrl metrics = *base;
  constexpr std::string_view kTraces = "/v1/traces";
  if (base->path.ends_with(kTraces)) {
    metrics.path = base->path.substr(0, base->path.size() - kTraces.size()) + "/v1/metrics";
  } else {
    std::string prefix = base->path;
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    traces.path = prefix + "/v1/traces";
    metrics.path = prefix + "/v1/metrics";
  }
  return std::pair{traces, metrics};
}

OtlpExporter::OtlpExporter(OtlpOptions options, t::Registry& registry)
    : options_(std::move(options)),
      registry_(registry),
      exported_(SpanCounter(registry).With({"exported"})),
      dropped_full_(SpanCounter(registry).With({"dropped_queue_full"})),
      dropped_failed_(SpanCounter(registry).With({"dropped_export_failed"})),
      dropped_shutdown_(SpanCounter(registry).With({"dropped_shutdown"})),
      failures_(registry.Counter("rampart.telemetry.export_failures",
                                 "OTLP exports that failed (collector down, slow or refusing).",
                                 "{export}", {"signal"})) {
  const auto urls = OtlpUrls(options_.endpoint);
  if (!urls) throw std::invalid_argument("telemetry: bad OTLP endpoint " + options_.endpoint);
  traces_url_ = urls->first;
  metrics_url_ = urls->second;
  traces_client_ = std::make_unique<HttpClient>(traces_url_.host, traces_url_.port);
  metrics_client_ = std::make_unique<HttpClient>(metrics_url_.host, metrics_url_.port);
  if (traces_url_.tls) https_ = std::make_unique<OtlpHttps>(options_);
  thread_ = std::thread([this] { Run(); });
}

OtlpExporter::~OtlpExporter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    stop_deadline_ = std::chrono::steady_clock::now() + options_.shutdown_timeout;
  }
  wake_.notify_all();
  thread_.join();
}

void OtlpExporter::OnEnd(std::unique_ptr<t::SpanData> span) noexcept {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (!queue_.push_back(span)) {
      dropped_full_.Add();
      t::RecycleSpan(std::move(span));
      return;
    }
    wake = queue_.size() == options_.batch_spans;
  }
  if (wake) wake_.notify_one();
}

void OtlpExporter::Flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = ++flush_requested_;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return flush_done_ >= ticket || stopping_; });
}

void OtlpExporter::Run() {
  using Clock = std::chrono::steady_clock;
  auto next_metrics = Clock::now() + options_.interval;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_until(lock, next_metrics, [&] {
      return stopping_ || queue_.size() >= options_.batch_spans || flush_requested_ > flush_done_;
    });
    const bool final_round = stopping_;
    const auto deadline = final_round ? stop_deadline_ : Clock::time_point::max();
    const std::uint64_t flush_ticket = flush_requested_;
    const auto now = Clock::now();
    const bool metrics_due = now >= next_metrics || final_round || flush_ticket > flush_done_;
    const bool spans_due = metrics_due || queue_.size() >= options_.batch_spans;
    // Export in batches until the queue is below a batch (or empty, when due anyway).
    while (spans_due && !queue_.empty()) {
      if (final_round && Clock::now() >= deadline) {
        // Out of shutdown time: what is left is lost, and counted.
        dropped_shutdown_.Add(queue_.size());
        log::Warn(kComponent, "spans dropped at shutdown: the collector did not take them in time",
                  {{"spans", queue_.size()}});
        queue_.clear();
        break;
      }
      std::vector<std::unique_ptr<t::SpanData>> batch;
      const std::size_t take = std::min(queue_.size(), options_.batch_spans);
      batch.reserve(take);
      for (std::size_t i = 0; i < take; ++i) {
        batch.push_back(queue_.pop_front());
      }
      lock.unlock();
      ExportSpans(std::move(batch), deadline);
      lock.lock();
      if (!metrics_due && queue_.size() < options_.batch_spans) break;
    }
    if (metrics_due) {
      next_metrics = now + options_.interval;
      if (options_.export_metrics && Clock::now() < deadline) {
        lock.unlock();
        ExportMetrics(deadline);
        lock.lock();
      }
    }
    flush_done_ = std::max(flush_done_, flush_ticket);
    flushed_.notify_all();
    if (final_round) return;
  }
}

void OtlpExporter::ExportSpans(std::vector<std::unique_ptr<t::SpanData>> batch,
                               std::chrono::steady_clock::time_point deadline) {
  const bool protobuf = options_.protocol == OtlpProtocol::kHttpProtobuf;
  std::string_view body;
  if (protobuf) {
    body = EncodeTracesProtobuf(body_, options_.service, batch);
  } else {
    EncodeTraces(body_, options_.service, batch);
    body = body_;
  }
  const std::size_t count = batch.size();
  // Encoded: the spans go back to the pool for the request threads to reuse.
  t::RecycleSpans(batch);
  const auto result = Post(traces_url_, *traces_client_, protobuf ? kProtobuf : kJson, body,
                           Budget(options_.timeout, deadline));
  if (result && *result >= 200 && *result < 300) {
    exported_.Add(count);
    return;
  }
  dropped_failed_.Add(count);
  failures_.With({"traces"}).Add();
  // Rate-limited by the batching itself: at most one line per batch.
  log::Debug(
      kComponent, "span export failed",
      {{"spans", count}, {"error", result ? "status " + std::to_string(*result) : result.error()}});
}

void OtlpExporter::ExportMetrics(std::chrono::steady_clock::time_point deadline) {
  const bool protobuf = options_.protocol == OtlpProtocol::kHttpProtobuf;
  const auto metrics = registry_.Collect();
  const std::string body =
      protobuf
          ? EncodeMetricsProtobuf(options_.service, metrics, registry_.StartUnixNanos(),
                                  NowUnixNanos())
          : EncodeMetrics(options_.service, metrics, registry_.StartUnixNanos(), NowUnixNanos());
  const auto result = Post(metrics_url_, *metrics_client_, protobuf ? kProtobuf : kJson, body,
                           Budget(options_.timeout, deadline));
  if (result && *result >= 200 && *result < 300) return;
  failures_.With({"metrics"}).Add();
  log::Debug(kComponent, "metrics export failed",
             {{"error", result ? "status " + std::to_string(*result) : result.error()}});
}

}  // namespace rampart::infrastructure::telemetry
