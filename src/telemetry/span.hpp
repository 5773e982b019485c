#pragma once
// Spans: timed, named operations of a trace. One line adds one to any blocking code path:
//
//   telemetry::Span span("cache get", telemetry::SpanKind::kClient, telemetry::Work::kCache);
//   span.SetAttribute("db.system.name", "redis");
//
// A Span is a child of this thread's current context and becomes the current span until it
// ends (destruction or End()), so spans nest like scopes. Outside a request (no trace on the
// thread) it only measures nothing and costs a thread-local read. It records (allocates and is
// exported) only when the trace is sampled and an exporter is installed; unsampled it still
// adds its duration to the request's timings (the slow-request breakdown).
//
// Attribute keys must be string literals (they are stored as views); values are copied.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "telemetry/context.hpp"
#include "telemetry/trace_context.hpp"

namespace rampart::telemetry {

// SpanKind: OpenTelemetry's span kinds, numbered as in OTLP.
enum class SpanKind : std::uint8_t {
  kInternal = 1,
  kServer = 2,
  kClient = 3,
  kProducer = 4,
  kConsumer = 5
};

enum class SpanStatus : std::uint8_t { kUnset = 0, kOk = 1, kError = 2 };

struct Attribute {
  using Value = std::variant<std::string, std::int64_t, double, bool>;
  std::string_view key;  // static storage
  Value value;
};

// SpanData is a finished span, as exporters receive it.
struct SpanData {
  std::string name;
  TraceId trace_id;
  SpanId span_id = 0;
  SpanId parent_span_id = 0;  // 0 for a root
  SpanKind kind = SpanKind::kInternal;
  std::int64_t start_unix_nanos = 0;
  std::int64_t end_unix_nanos = 0;
  SpanStatus status = SpanStatus::kUnset;
  std::string status_message;
  std::string trace_state;
  std::vector<Attribute> attributes;
};

// SpanSink receives finished sampled spans, on the thread that ended them: must be quick and must
// not block (the OTLP exporter queues them, dropping when full).
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  virtual void OnEnd(std::unique_ptr<SpanData> span) noexcept = 0;
};

// RecycleSpan gives a span the sink has finished with back for reuse: the next recorded span takes
// it with its string and attribute capacity, so a steady stream of spans allocates nothing and
// never frees on another thread than the one that allocated (the allocator's slow path). The pool
// is bounded; beyond it the span is freed.
void RecycleSpan(std::unique_ptr<SpanData> span) noexcept;
// RecycleSpans gives back a whole batch under one lock (the exporter, after encoding it); leaves
// `spans` holding nulls.
void RecycleSpans(std::span<std::unique_ptr<SpanData>> spans) noexcept;

// SetSpanSink installs the exporter (nullptr: spans are not recorded). The sink must stay alive
// until it is replaced and no span started before that is still open (install at start-up, remove
// after the server and workers stopped).
void SetSpanSink(SpanSink* sink) noexcept;
bool HasSpanSink() noexcept;

// SetSampleRatio: parent-based ratio sampling: a request with a `traceparent` follows its sampled
// flag; a new trace is sampled with probability `ratio` (0..1), decided from the trace id so that
// every service sampling by ratio agrees.
void SetSampleRatio(double ratio) noexcept;
bool SampleNewTrace(const TraceId& trace_id) noexcept;

// SpanBase: what Span and RootSpan share: the recording and its attributes.
class SpanBase {
 public:
  SpanBase(const SpanBase&) = delete;
  SpanBase& operator=(const SpanBase&) = delete;

  // Recording returns whether this span will be exported; attributes are ignored when not.
  bool Recording() const { return data_ != nullptr; }
  void SetAttribute(std::string_view key, std::string_view value);
  void SetAttribute(std::string_view key, const char* value) {
    SetAttribute(key, std::string_view(value));
  }
  void SetAttribute(std::string_view key, std::int64_t value);
  void SetAttribute(std::string_view key, int value) {
    SetAttribute(key, static_cast<std::int64_t>(value));
  }
  void SetAttribute(std::string_view key, double value);
  void SetAttribute(std::string_view key, bool value);
  void SetName(std::string_view name);
  // SetName sets the name "<first> <second>" (e.g. method and route).
  void SetName(std::string_view first, std::string_view second);
  // SetError marks the span failed (status ERROR) with a short reason; never pass secrets.
  void SetError(std::string_view message);

  SpanId Id() const { return span_id_; }
  // Elapsed returns the time since the span started.
  std::chrono::nanoseconds Elapsed() const { return std::chrono::steady_clock::now() - started_; }

 protected:
  SpanBase() = default;
  ~SpanBase() = default;
  // Begin starts recording when `sampled` and an exporter is installed.
  void Begin(std::string_view name, SpanKind kind, const TraceId& trace_id, SpanId parent,
             bool sampled, std::string_view trace_state);
  // Finish hands the recording to the exporter; returns the duration.
  std::chrono::nanoseconds Finish();
  Attribute& NextAttribute(std::string_view key);

  std::unique_ptr<SpanData> data_;
  std::size_t attributes_set_ = 0;  // of data_->attributes (a recycled span has old ones)
  // Also for a span outside any trace (never begun): Elapsed() is then the time since
  // construction, not since the clock's epoch (issue 17: a cache delete timed by it recorded
  // the host's uptime).
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  SpanId span_id_ = 0;
};

// Span is a child span of the current context, current itself while it lives (see the file
// comment).
class Span final : public SpanBase {
 public:
  explicit Span(std::string_view name, SpanKind kind = SpanKind::kInternal,
                Work work = Work::kNone);
  ~Span() { End(); }
  // End ends the span now (idempotent): restores the previous context, adds the duration to the
  // request's timings, exports it when recording.
  void End();

 private:
  Context previous_;
  Work work_;
  bool active_ = false;
};

// RootSpan is the root of a request's local trace (the server span). Not tied to a thread: the
// server keeps it in the request and hands ContextFor() to each scope that runs the request's code.
class RootSpan final : public SpanBase {
 public:
  // RootSpan: a child of the caller's `parent` span (from `traceparent`), sampled as the caller
  // decided, or a new trace sampled by ratio.
  RootSpan(std::string_view name, SpanKind kind, const std::optional<TraceParent>& parent,
           std::string_view trace_state);
  ~RootSpan() { End(); }
  void End();

  const TraceId& Trace() const { return trace_id_; }
  bool Sampled() const { return sampled_; }
  // ContextFor returns the context for code that runs as part of this span.
  Context ContextFor(std::string_view correlation_id, RequestTimings* timings) const;

 private:
  TraceId trace_id_;
  std::string_view trace_state_;
  bool sampled_ = false;
  bool ended_ = false;
};

}  // namespace rampart::telemetry
