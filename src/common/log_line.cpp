#include "common/log_line.hpp"

#include <fmt/format.h>
#include <time.h>

#include <cmath>
#include <cstdint>

#include "common/json_escape.hpp"
#include "telemetry/context.hpp"

namespace rampart::log {
namespace {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::trace:
      return "trace";
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::err:
      return "error";
    case Level::critical:
      return "critical";
    default:
      break;
  }
  return "off";
}

std::string_view UpperLevelName(Level level) {
  switch (level) {
    case Level::trace:
      return "TRACE";
    case Level::debug:
      return "DEBUG";
    case Level::info:
      return "INFO ";
    case Level::warn:
      return "WARN ";
    case Level::err:
      return "ERROR";
    case Level::critical:
      return "CRIT ";
    default:
      break;
  }
  return "OFF  ";
}

void AppendNumber(std::string& out, double value) {
  // JSON has no NaN or infinity.
  if (!std::isfinite(value)) {
    out.append("null");
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", value);
}

void AppendJsonValue(std::string& out, const Field::Value& value) {
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    AppendJsonString(out, *text);
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    fmt::format_to(std::back_inserter(out), "{}", *integer);
  } else if (const auto* real = std::get_if<double>(&value)) {
    AppendNumber(out, *real);
  } else {
    out.append(std::get<bool>(value) ? "true" : "false");
  }
}

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  for (const char c : text) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

void AppendTextValue(std::string& out, const Field::Value& value) {
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    if (NeedsQuotes(*text)) {
      AppendJsonString(out, *text);
    } else {
      AppendJsonEscaped(out, *text);
    }
  } else {
    AppendJsonValue(out, value);
  }
}

}  // namespace

bool AppendContext(std::string& line, const telemetry::Context& context) {
  const bool has_correlation = !context.correlation_id.empty();
  if (has_correlation) {
    line.append(R"(,"correlationId":)");
    AppendJsonString(line, context.correlation_id);
  }
  if (context.HasTrace()) {
    // OpenTelemetry's hex ids, and Datadog's decimal ones (the low 64 bits of the trace id)
    // so that Datadog joins the line with the trace.
    fmt::format_to(std::back_inserter(line),
                   R"(,"trace_id":"{:016x}{:016x}","span_id":"{:016x}","dd.trace_id":"{}","dd.span_id":"{}")",
                   context.trace_id.high, context.trace_id.low, context.span_id,
                   context.trace_id.low, context.span_id);
  }
  return has_correlation;
}

void AppendTimestamp(std::string& out, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto since_epoch = time.time_since_epoch();
  const auto whole_seconds = floor<seconds>(since_epoch);
  const auto millis = duration_cast<milliseconds>(since_epoch - whole_seconds).count();
  // gmtime_r is the costly part; a thread mostly logs several lines per second.
  thread_local std::int64_t cached_second = INT64_MIN;
  thread_local char cached[24] = {};
  if (whole_seconds.count() != cached_second) {
    const time_t seconds_value = static_cast<time_t>(whole_seconds.count());
    struct tm parts {};
    gmtime_r(&seconds_value, &parts);
    fmt::format_to_n(cached, sizeof(cached) - 1, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                     parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
                     parts.tm_min, parts.tm_sec);
    cached_second = whole_seconds.count();
  }
  out.append(cached, 19);
  fmt::format_to(std::back_inserter(out), ".{:03}Z", millis);
}

std::string FormatJsonLine(std::chrono::system_clock::time_point time, Level level,
                           std::string_view component, std::string_view message,
                           std::span<const Field> fields, std::string_view static_fields) {
  std::string line;
  line.reserve(128 + message.size() + fields.size() * 24 + static_fields.size());
  line.append(R"({"timestamp":")");
  AppendTimestamp(line, time);
  line.append(R"(","level":")");
  line.append(LevelName(level));
  line.append(R"(","logger":)");
  AppendJsonString(line, component);
  line.append(R"(,"msg":)");
  AppendJsonString(line, message);
  line.append(static_fields);
  const bool has_correlation = AppendContext(line, telemetry::Current());
  for (const Field& field : fields) {
    // The context already said it (callers that run outside a scope pass it themselves).
    if (has_correlation && field.key == "correlationId") continue;
    line.push_back(',');
    AppendJsonString(line, field.key);
    line.push_back(':');
    AppendJsonValue(line, field.value);
  }
  line.push_back('}');
  return line;
}

std::string FormatTextLine(std::chrono::system_clock::time_point time, Level level,
                           std::string_view component, std::string_view message,
                           std::span<const Field> fields) {
  std::string line;
  line.reserve(64 + message.size() + fields.size() * 24);
  AppendTimestamp(line, time);
  line.push_back(' ');
  line.append(UpperLevelName(level));
  line.push_back(' ');
  AppendJsonEscaped(line, component);
  line.append(": ");
  AppendJsonEscaped(line, message);
  const auto& context = telemetry::Current();
  for (const Field& field : fields) {
    if (!context.correlation_id.empty() && field.key == "correlationId") continue;
    line.push_back(' ');
    AppendJsonEscaped(line, field.key);
    line.push_back('=');
    AppendTextValue(line, field.value);
  }
  if (!context.correlation_id.empty()) {
    line.append(" correlationId=");
    AppendJsonEscaped(line, context.correlation_id);
  }
  if (context.HasTrace()) {
    fmt::format_to(std::back_inserter(line), " trace_id={:016x}{:016x} span_id={:016x}",
                   context.trace_id.high, context.trace_id.low, context.span_id);
  }
  return line;
}

}  // namespace rampart::log
