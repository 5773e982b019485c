#include "api/middleware/telemetry.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <exception>
#include <optional>

#include "common/log.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::api {
namespace {

using Clock = std::chrono::steady_clock;

// Requests the router did not match share one label value: raw paths would let any client
// create series without bound.
constexpr std::string_view kUnmatchedRoute = "unmatched";

struct HttpMetrics {
  telemetry::HistogramFamily& duration = telemetry::Metrics().Histogram(
      "http.server.request.duration", "Duration of HTTP server requests.", "s",
      {"http.request.method", "http.route", "http.response.status_code"});
  telemetry::CounterFamily& errors = telemetry::Metrics().Counter(
      "rampart.http.server.errors", "HTTP requests answered with a 5xx status.", "{request}",
      {"http.request.method", "http.route"});
  telemetry::Gauge& active =
      telemetry::Metrics()
          .Gauge("http.server.active_requests", "HTTP requests being served now.", "{request}")
          .With({});
};

HttpMetrics& Http() {
  static HttpMetrics metrics;
  return metrics;
}

// The duration series of (method, route, status). The registry's look-up builds a key string and
// takes a shared lock; each thread remembers the series of its last few combinations in front
// of it (series live as long as the process, so the pointers stay valid).
telemetry::Histogram& DurationSeries(Method method, std::string_view route, int status) {
  struct Remembered {
    Method method = Method::kUnknown;
    int status = 0;
    std::string route;
    telemetry::Histogram* series = nullptr;
  };
  constexpr std::size_t kRemembered = 16;
  thread_local std::array<Remembered, kRemembered> remembered;
  thread_local std::size_t next = 0;
  for (const auto& entry : remembered) {
    if (entry.series != nullptr && entry.status == status && entry.method == method &&
        entry.route == route) {
      return *entry.series;
    }
  }
  std::array<char, 8> code{};
  const auto written = std::to_chars(code.data(), code.data() + code.size(), status).ptr;
  auto& series = Http().duration.With(
      {ToString(method), route, std::string_view(code.data(), written - code.data())});
  remembered[next] = {method, status, std::string(route), &series};
  next = (next + 1) % kRemembered;
  return series;
}

void Record(const Request& request, int status, Clock::duration elapsed,
            bool expected_unavailable = false) {
  const std::string_view method = ToString(request.method);
  const std::string_view route = request.route.empty() ? kUnmatchedRoute : request.route;
  DurationSeries(request.method, route, status)
      .Record(std::chrono::duration<double>(elapsed).count());
  if (status >= 500 && !expected_unavailable) Http().errors.With({method, route}).Add();
}

double Millis(std::int64_t nanos) { return std::round(nanos / 1000.0) / 1000.0; }

void LogSlow(const Request& request, int status, Clock::duration elapsed,
             const telemetry::RequestTimings& timings) {
  using telemetry::Work;
  const auto nanos = [&](Work work) {
    return timings.nanos[static_cast<std::size_t>(work)].load(std::memory_order_relaxed);
  };
  const auto calls = [&](Work work) {
    return static_cast<std::int64_t>(
        timings.calls[static_cast<std::size_t>(work)].load(std::memory_order_relaxed));
  };
  telemetry::ContextScope scope(request.telemetry);
  log::Warn("http", "slow request",
            {{"method", ToString(request.method)},
             {"route", request.route},
             {"path", request.path},
             {"status", status},
             {"durationMs", Millis(std::chrono::nanoseconds(elapsed).count())},
             {"workerWaitMs", Millis(timings.queue_wait_nanos.load())},
             {"handlerMs", Millis(timings.handler_nanos.load())},
             {"dbMs", Millis(nanos(Work::kDatabase))},
             {"dbCalls", calls(Work::kDatabase)},
             {"cacheMs", Millis(nanos(Work::kCache))},
             {"cacheCalls", calls(Work::kCache)},
             {"passwordHashMs", Millis(nanos(Work::kPasswordHash))},
             {"passwordHashCalls", calls(Work::kPasswordHash)},
             {"queueMs", Millis(nanos(Work::kQueue))},
             {"queueCalls", calls(Work::kQueue)}});
}

}  // namespace

void RecordUnroutedRequest(const Request& request, int status, Clock::duration elapsed) {
  Record(request, status, elapsed);
}

TelemetryMiddleware::TelemetryMiddleware(TelemetryOptions options) : options_(options) {
  Http();  // declare the metrics at start so that /metrics lists them before any request
}

boost::asio::awaitable<Response> TelemetryMiddleware::Handle(HttpContext& context,
                                                             const Next& next) {
  Request& request = context.request;
  const auto started = Clock::now();
  auto parent = telemetry::ParseTraceParent(request.Header("traceparent"));
  std::string_view trace_state = request.Header("tracestate");
  if (!parent || !telemetry::IsValidTraceState(trace_state)) trace_state = {};

  telemetry::RootSpan span(ToString(request.method), telemetry::SpanKind::kServer, parent,
                           trace_state);
  telemetry::RequestTimings timings;
  request.telemetry = span.ContextFor(request.correlation_id, &timings);
  Http().active.Add(1);

  int status = 500;
  std::optional<Response> response;
  std::exception_ptr failure;
  try {
    response = co_await next(context);
    status = response->status;
  } catch (...) {
    failure = std::current_exception();
  }
  Http().active.Add(-1);
  const auto elapsed = Clock::now() - started;
  Record(request, status, elapsed, response && response->expected_unavailable);

  if (span.Recording()) {
    const std::string_view method = ToString(request.method);
    if (!request.route.empty()) {
      span.SetName(method, request.route);  // "GET /api/v1/notes/{id}", without a temporary
      span.SetAttribute("http.route", request.route);
    }
    span.SetAttribute("http.request.method", method);
    span.SetAttribute("url.path", request.path);
    span.SetAttribute("client.address", request.client_ip);
    span.SetAttribute("http.response.status_code", status);
    span.SetAttribute("rampart.correlation_id", request.correlation_id);
    if (request.principal) span.SetAttribute("enduser.id", request.principal->subject);
    if (status >= 500) {
      span.SetAttribute("error.type", std::to_string(status));
      span.SetError(failure ? "exception" : "server error");
    }
  }
  span.End();
  if (options_.slow_request_threshold.count() > 0 && elapsed >= options_.slow_request_threshold) {
    LogSlow(request, status, elapsed, timings);
  }
  // The request's context points at this frame's timings: clear it before they go.
  request.telemetry.timings = nullptr;
  if (failure) std::rethrow_exception(failure);
  co_return std::move(*response);
}

}  // namespace rampart::api
