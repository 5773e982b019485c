#include "telemetry/span.hpp"

#include <atomic>
#include <cmath>

namespace rampart::telemetry {
namespace {

std::atomic<SpanSink*> g_sink{nullptr};
// A new trace is sampled when the low 64 bits of its id are below this; UINT64_MAX with
// g_sample_all means "always".
std::atomic<std::uint64_t> g_threshold{UINT64_MAX};
std::atomic<bool> g_sample_all{true};

std::int64_t UnixNanos(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

}  // namespace

void SetSpanSink(SpanSink* sink) noexcept { g_sink.store(sink, std::memory_order_release); }
bool HasSpanSink() noexcept { return g_sink.load(std::memory_order_acquire) != nullptr; }

void SetSampleRatio(double ratio) noexcept {
  if (!(ratio > 0)) ratio = 0;  // also NaN
  if (ratio >= 1) {
    g_sample_all.store(true);
    g_threshold.store(UINT64_MAX);
    return;
  }
  g_sample_all.store(false);
  g_threshold.store(static_cast<std::uint64_t>(std::ldexp(ratio, 64)));
}

bool SampleNewTrace(const TraceId& trace_id) noexcept {
  if (g_sample_all.load(std::memory_order_relaxed)) return true;
  return trace_id.low < g_threshold.load(std::memory_order_relaxed);
}

void SpanBase::Begin(std::string_view name, SpanKind kind, const TraceId& trace_id, SpanId parent,
                     bool sampled, std::string_view trace_state) {
  started_ = std::chrono::steady_clock::now();
  span_id_ = NewSpanId();
  if (!sampled || !HasSpanSink()) return;
  data_ = std::make_unique<SpanData>();
  data_->name = std::string(name);
  data_->trace_id = trace_id;
  data_->span_id = span_id_;
  data_->parent_span_id = parent;
  data_->kind = kind;
  data_->start_unix_nanos = UnixNanos(std::chrono::system_clock::now());
  data_->attributes.reserve(8);  // a server span has 6-7: one allocation, not four
  if (!trace_state.empty()) data_->trace_state = std::string(trace_state);
}

std::chrono::nanoseconds SpanBase::Finish() {
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  if (data_) {
    data_->end_unix_nanos = data_->start_unix_nanos +
                            std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
    if (SpanSink* sink = g_sink.load(std::memory_order_acquire)) sink->OnEnd(std::move(data_));
    data_.reset();
  }
  return elapsed;
}

void SpanBase::SetAttribute(std::string_view key, std::string_view value) {
  if (data_) data_->attributes.push_back({key, std::string(value)});
}
void SpanBase::SetAttribute(std::string_view key, std::int64_t value) {
  if (data_) data_->attributes.push_back({key, value});
}
void SpanBase::SetAttribute(std::string_view key, double value) {
  if (data_) data_->attributes.push_back({key, value});
}
void SpanBase::SetAttribute(std::string_view key, bool value) {
  if (data_) data_->attributes.push_back({key, value});
}
void SpanBase::SetName(std::string_view name) {
  if (data_) data_->name = std::string(name);
}
void SpanBase::SetError(std::string_view message) {
  if (!data_) return;
  data_->status = SpanStatus::kError;
  data_->status_message = std::string(message);
}

Span::Span(std::string_view name, SpanKind kind, Work work) : work_(work) {
  Context& current = detail::MutableCurrent();
  if (!current.HasTrace()) return;
  active_ = true;
  previous_ = current;
  Begin(name, kind, current.trace_id, current.span_id, current.sampled, current.trace_state);
  current.span_id = span_id_;
}

void Span::End() {
  if (!active_) return;
  active_ = false;
  const auto elapsed = Finish();
  Context& current = detail::MutableCurrent();
  // Spans nest like scopes; should one outlive a later one, leave the newer context alone.
  if (current.span_id == span_id_) current = previous_;
  if (previous_.timings != nullptr) previous_.timings->Add(work_, elapsed);
}

RootSpan::RootSpan(std::string_view name, SpanKind kind, const std::optional<TraceParent>& parent,
                   std::string_view trace_state) {
  if (parent) {
    trace_id_ = parent->trace_id;
    sampled_ = parent->sampled;
    trace_state_ = trace_state;
  } else {
    trace_id_ = NewTraceId();
    sampled_ = SampleNewTrace(trace_id_);
  }
  Begin(name, kind, trace_id_, parent ? parent->parent_id : 0, sampled_, trace_state_);
}

void RootSpan::End() {
  if (ended_) return;
  ended_ = true;
  Finish();
}

Context RootSpan::ContextFor(std::string_view correlation_id, RequestTimings* timings) const {
  return Context{.trace_id = trace_id_,
                 .span_id = span_id_,
                 .sampled = sampled_,
                 .trace_state = trace_state_,
                 .correlation_id = correlation_id,
                 .timings = timings};
}

}  // namespace rampart::telemetry
