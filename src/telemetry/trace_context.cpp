#include "telemetry/trace_context.hpp"

#include <random>

namespace rampart::telemetry {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendHex(std::string& out, std::uint64_t value) {
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(value >> shift) & 0xF]);
}

// Lower-case hex only: the spec forbids upper case in traceparent.
std::optional<std::uint64_t> ParseHex(std::string_view text) {
  std::uint64_t value = 0;
  for (const char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  return value;
}

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return generator;
}

}  // namespace

std::string TraceId::Hex() const {
  std::string out;
  out.reserve(32);
  AppendHex(out, high);
  AppendHex(out, low);
  return out;
}

std::string SpanIdHex(SpanId id) {
  std::string out;
  out.reserve(16);
  AppendHex(out, id);
  return out;
}

std::optional<TraceParent> ParseTraceParent(std::string_view header) {
  // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 = 55.
  if (header.size() < 55) return std::nullopt;
  if (header[2] != '-' || header[35] != '-' || header[52] != '-') return std::nullopt;
  const auto version = ParseHex(header.substr(0, 2));
  if (!version || *version == 0xff) return std::nullopt;
  // Version 00 is exactly 55 characters; a future version may append "-..." fields.
  if (*version == 0 ? header.size() != 55 : (header.size() > 55 && header[55] != '-')) {
    return std::nullopt;
  }
  const auto high = ParseHex(header.substr(3, 16));
  const auto low = ParseHex(header.substr(19, 16));
  const auto parent = ParseHex(header.substr(36, 16));
  const auto flags = ParseHex(header.substr(53, 2));
  if (!high || !low || !parent || !flags) return std::nullopt;
  TraceParent result{.trace_id = {*high, *low}, .parent_id = *parent, .sampled = (*flags & 1) != 0};
  if (!result.trace_id.Valid() || result.parent_id == 0) return std::nullopt;
  return result;
}

std::string FormatTraceParent(const TraceId& trace_id, SpanId span_id, bool sampled) {
  std::string out = "00-";
  out.reserve(55);
  AppendHex(out, trace_id.high);
  AppendHex(out, trace_id.low);
  out.push_back('-');
  AppendHex(out, span_id);
  out.append(sampled ? "-01" : "-00");
  return out;
}

bool IsValidTraceState(std::string_view header) {
  if (header.size() > 512) return false;
  int members = 0;
  std::size_t start = 0;
  while (start <= header.size()) {
    const std::size_t comma = header.find(',', start);
    std::string_view member = header.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!member.empty() && (member.front() == ' ' || member.front() == '\t')) {
      member.remove_prefix(1);
    }
    while (!member.empty() && (member.back() == ' ' || member.back() == '\t')) {
      member.remove_suffix(1);
    }
    if (!member.empty()) {
      if (++members > 32) return false;
      const std::size_t equals = member.find('=');
      if (equals == 0 || equals == std::string_view::npos || equals + 1 == member.size()) {
        return false;
      }
      for (const char c : member) {
        if (c < 0x20 || c > 0x7e) return false;
      }
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return members > 0;
}

TraceId NewTraceId() {
  auto& generator = Generator();
  TraceId id{generator(), generator()};
  if (!id.Valid()) id.low = 1;
  return id;
}

SpanId NewSpanId() {
  SpanId id = Generator()();
  return id == 0 ? 1 : id;
}

std::string DatadogId(std::uint64_t id) { return std::to_string(id); }

}  // namespace rampart::telemetry
