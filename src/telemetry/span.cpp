#include "telemetry/span.hpp"

#include <atomic>
#include <cmath>
#include <mutex>
#include <vector>

namespace rampart::telemetry {
namespace {

std::atomic<SpanSink*> g_sink{nullptr};
// A new trace is sampled when the low 64 bits of its id are below this; UINT64_MAX with
// g_sample_all means "always".
std::atomic<std::uint64_t> g_threshold{UINT64_MAX};
std::atomic<bool> g_sample_all{true};

// Spans back from the exporter, for reuse (see RecycleSpan).
class SpanPool {
 public:
  static constexpr std::size_t kMaxSpans = 8192;

  std::unique_ptr<SpanData> Take() {
    {
      std::lock_guard lock(mutex_);
      if (!spans_.empty()) {
        auto span = std::move(spans_.back());
        spans_.pop_back();
        return span;
      }
    }
    auto span = std::make_unique<SpanData>();
    span->attributes.reserve(8);  // a server span has 6-7: one allocation, not four
    return span;
  }

  void Give(std::span<std::unique_ptr<SpanData>> spans) noexcept {
    std::lock_guard lock(mutex_);
    for (auto& span : spans) {
      if (!span) continue;
      if (spans_.size() >= kMaxSpans) break;  // the rest are freed by their owner
      try {
        spans_.push_back(std::move(span));
      } catch (...) {
        break;
      }
    }
  }

  void Give(std::unique_ptr<SpanData> span) noexcept {
    std::lock_guard lock(mutex_);
    if (spans_.size() < kMaxSpans) {
      try {
        spans_.push_back(std::move(span));
      } catch (...) {
      }
    }
    // else (or on allocation failure): `span` is freed here, after the lock
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<SpanData>> spans_;
};

SpanPool& Pool() {
  static auto* pool = new SpanPool();  // never destroyed: exporters may recycle until exit
  return *pool;
}

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
  data_ = Pool().Take();
  attributes_set_ = 0;
  // Assigned, not constructed: a recycled span's strings keep their capacity.
  data_->name.assign(name);
  data_->trace_id = trace_id;
  data_->span_id = span_id_;
  data_->parent_span_id = parent;
  data_->kind = kind;
  data_->start_unix_nanos = UnixNanos(std::chrono::system_clock::now());
  data_->end_unix_nanos = 0;
  data_->status = SpanStatus::kUnset;
  data_->status_message.clear();
  data_->trace_state.assign(trace_state);
}

void RecycleSpan(std::unique_ptr<SpanData> span) noexcept {
  if (span) Pool().Give(std::move(span));
}

void RecycleSpans(std::span<std::unique_ptr<SpanData>> spans) noexcept { Pool().Give(spans); }

std::chrono::nanoseconds SpanBase::Finish() {
  const auto elapsed = std::chrono::steady_clock::now() - started_;
  if (data_) {
    data_->attributes.resize(attributes_set_);  // drop a recycled span's leftovers
    data_->end_unix_nanos = data_->start_unix_nanos +
                            std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
    if (SpanSink* sink = g_sink.load(std::memory_order_acquire)) sink->OnEnd(std::move(data_));
    data_.reset();
  }
  return elapsed;
}

// The next attribute slot: a recycled one (its string keeps its capacity) or a new one.
Attribute& SpanBase::NextAttribute(std::string_view key) {
  auto& attributes = data_->attributes;
  if (attributes_set_ == attributes.size()) attributes.emplace_back();
  Attribute& attribute = attributes[attributes_set_++];
  attribute.key = key;
  return attribute;
}

void SpanBase::SetAttribute(std::string_view key, std::string_view value) {
  if (!data_) return;
  Attribute& attribute = NextAttribute(key);
  if (auto* text = std::get_if<std::string>(&attribute.value)) {
    text->assign(value);
  } else {
    attribute.value = std::string(value);
  }
}
void SpanBase::SetAttribute(std::string_view key, std::int64_t value) {
  if (data_) NextAttribute(key).value = value;
}
void SpanBase::SetAttribute(std::string_view key, double value) {
  if (data_) NextAttribute(key).value = value;
}
void SpanBase::SetAttribute(std::string_view key, bool value) {
  if (data_) NextAttribute(key).value = value;
}
void SpanBase::SetName(std::string_view name) {
  if (data_) data_->name.assign(name);
}
void SpanBase::SetName(std::string_view first, std::string_view second) {
  if (!data_) return;
  // Into the recycled name's capacity: no allocation once the pool is warm.
  data_->name.assign(first);
  data_->name.append(" ").append(second);
}
void SpanBase::SetError(std::string_view message) {
  if (!data_) return;
  data_->status = SpanStatus::kError;
  data_->status_message.assign(message);
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
