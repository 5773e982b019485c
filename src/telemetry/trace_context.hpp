#pragma once
// W3C Trace Context (https://www.w3.org/TR/trace-context/): trace and span ids, the
// `traceparent` header, `tracestate` validation, and Datadog's decimal form of the ids.
// Standard library only: every layer above domain may include it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::telemetry {

// TraceId: 128-bit trace id; all zero is invalid.
struct TraceId {
  std::uint64_t high = 0;
  std::uint64_t low = 0;

  bool Valid() const { return (high | low) != 0; }
  // Hex: 32 lower-case hex digits.
  std::string Hex() const;
  friend bool operator==(const TraceId&, const TraceId&) = default;
};

// 64-bit span id; 0 is invalid.
using SpanId = std::uint64_t;

// SpanIdHex: 16 lower-case hex digits.
std::string SpanIdHex(SpanId id);

// TraceParent: parsed `traceparent`: version 00 (or a later version read as 00, as the spec asks).
struct TraceParent {
  TraceId trace_id;
  SpanId parent_id = 0;
  bool sampled = false;
};

// ParseTraceParent returns nullopt for anything the spec says to ignore (bad length, upper-case
// hex, all-zero ids, version ff, ...): the request then starts a new trace.
std::optional<TraceParent> ParseTraceParent(std::string_view header);

// FormatTraceParent returns "00-<trace>-<span>-0<sampled>".
std::string FormatTraceParent(const TraceId& trace_id, SpanId span_id, bool sampled);

// IsValidTraceState returns whether `header` is a well-formed `tracestate` we may propagate: at
// most 32 list members of key=value, at most 512 characters, printable ASCII. Malformed ones are
// dropped.
bool IsValidTraceState(std::string_view header);

// NewTraceId: random ids from a per-thread generator seeded by the OS (unique, not secret).
TraceId NewTraceId();
SpanId NewSpanId();

// DatadogId: datadog's trace id is the lower 64 bits of ours, in decimal; its span id the span id
// in decimal. Logs carry these so that Datadog joins them with OpenTelemetry traces.
std::string DatadogId(std::uint64_t id);

}  // namespace rampart::telemetry
