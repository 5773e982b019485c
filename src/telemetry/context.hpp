#pragma once
// The trace context of the work running on this thread: which request (correlation id), which
// trace and span, and where to add up the request's time per kind of work. The server sets it
// for a request's handler on whichever thread runs it (see ContextScope); spans, log lines and
// metrics read it. Standard library only.
//
// Rule for coroutines: a ContextScope must never live across a suspension point (co_await),
// because another request's coroutine may run on the same thread meanwhile. I/O-thread code
// sets a scope around synchronous stretches only.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "telemetry/trace_context.hpp"

namespace rampart::telemetry {

// Work: kinds of work whose time a request adds up for its slow-request breakdown.
enum class Work : std::uint8_t { kNone, kDatabase, kCache, kPasswordHash, kQueue, kCount };

// WorkName returns "db", "cache", "passwordHash", "queue".
std::string_view WorkName(Work work);

// RequestTimings: per-request totals, filled by the spans of its work (sampled or not). Written by
// one thread at a time (the I/O thread, then a worker, then the I/O thread again); atomics keep the
// hand-overs simple.
struct RequestTimings {
  static constexpr std::size_t kKinds = static_cast<std::size_t>(Work::kCount);
  std::array<std::atomic<std::int64_t>, kKinds> nanos{};
  std::array<std::atomic<std::uint32_t>, kKinds> calls{};
  // Time the request waited for a free worker, and its handler's own time.
  std::atomic<std::int64_t> queue_wait_nanos{0};
  std::atomic<std::int64_t> handler_nanos{0};

  void Add(Work work, std::chrono::nanoseconds elapsed) {
    const auto index = static_cast<std::size_t>(work);
    if (index == 0 || index >= kKinds) return;
    nanos[index].fetch_add(elapsed.count(), std::memory_order_relaxed);
    calls[index].fetch_add(1, std::memory_order_relaxed);
  }
};

struct Context {
  TraceId trace_id;
  SpanId span_id = 0;  // the current span: parent of the next child span
  bool sampled = false;
  std::string_view trace_state;     // as received; storage owned by the request
  std::string_view correlation_id;  // storage owned by the request
  RequestTimings* timings = nullptr;

  bool HasTrace() const { return trace_id.Valid(); }
};

// Current returns this thread's context; empty (no trace, no correlation id) outside any scope.
const Context& Current() noexcept;

// ContextScope makes `context` current on this thread until destroyed, then restores the previous
// one.
class ContextScope {
 public:
  explicit ContextScope(const Context& context) noexcept;
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

 private:
  Context previous_;
};

namespace detail {
Context& MutableCurrent() noexcept;
}  // namespace detail

}  // namespace rampart::telemetry
