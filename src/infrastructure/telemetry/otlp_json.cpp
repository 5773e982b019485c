#include "infrastructure/telemetry/otlp_json.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "common/json_escape.hpp"

namespace rampart::infrastructure::telemetry {
namespace {

using rampart::log::AppendJsonString;
using rampart::telemetry::Attribute;
using rampart::telemetry::MetricSnapshot;
using rampart::telemetry::MetricType;
using rampart::telemetry::SpanData;

void AppendDouble(std::string& out, double value) {
  if (!std::isfinite(value)) value = 0;  // JSON has no NaN; OTLP receivers reject strings here
  fmt::format_to(std::back_inserter(out), "{}", value);
}

void AppendInteger(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

// Keys are names from the code (attribute keys are literals, label names are declared), so
// they rarely need escaping: check, and copy them as they are.
bool IsPlainKey(std::string_view key) {
  for (const char c : key) {
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') return false;
  }
  return true;
}

void AppendKeyValue(std::string& out, std::string_view key, const Attribute::Value& value) {
  if (IsPlainKey(key)) {
    out.append(R"({"key":")").append(key).append(R"(","value":{)");
  } else {
    out.append(R"({"key":)");
    AppendJsonString(out, key);
    out.append(R"(,"value":{)");
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    out.append(R"("stringValue":)");
    AppendJsonString(out, *text);
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    out.append(R"("intValue":")");
    AppendInteger(out, *integer);
    out.push_back('"');
  } else if (const auto* real = std::get_if<double>(&value)) {
    out.append(R"("doubleValue":)");
    AppendDouble(out, *real);
  } else {
    out.append(std::get<bool>(value) ? R"("boolValue":true)" : R"("boolValue":false)");
  }
  out.append("}}");
}

void AppendResource(std::string& out, const ServiceIdentity& service) {
  out.append(R"({"resource":{"attributes":[)");
  AppendKeyValue(out, "service.name", service.name);
  out.push_back(',');
  AppendKeyValue(out, "service.version", service.version);
  out.push_back(',');
  AppendKeyValue(out, "deployment.environment.name", service.environment);
  out.push_back(',');
  AppendKeyValue(out, "deployment.environment", service.environment);  // older conventions
  out.push_back(',');
  AppendKeyValue(out, "telemetry.sdk.name", std::string("rampart"));
  out.push_back(',');
  AppendKeyValue(out, "telemetry.sdk.language", std::string("cpp"));
  out.append("]},");
}

void AppendScope(std::string& out) { out.append(R"({"scope":{"name":"rampart"},)"); }

// 16 lower-case hex digits (the exporter's hot loop: cheaper than a format string).
void AppendHex64(std::string& out, std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  char digits[16];
  for (int i = 15; i >= 0; --i, value >>= 4) digits[i] = kHex[value & 0xF];
  out.append(digits, sizeof(digits));
}

void AppendSpan(std::string& out, const SpanData& span) {
  out.append(R"({"traceId":")");
  AppendHex64(out, span.trace_id.high);
  AppendHex64(out, span.trace_id.low);
  out.append(R"(","spanId":")");
  AppendHex64(out, span.span_id);
  out.append(R"(",)");
  if (span.parent_span_id != 0) {
    out.append(R"("parentSpanId":")");
    AppendHex64(out, span.parent_span_id);
    out.append(R"(",)");
  }
  if (!span.trace_state.empty()) {
    out.append(R"("traceState":)");
    AppendJsonString(out, span.trace_state);
    out.push_back(',');
  }
  out.append(R"("name":)");
  AppendJsonString(out, span.name);
  out.append(R"(,"kind":)");
  AppendInteger(out, static_cast<int>(span.kind));
  out.append(R"(,"startTimeUnixNano":")");
  AppendInteger(out, span.start_unix_nanos);
  out.append(R"(","endTimeUnixNano":")");
  AppendInteger(out, span.end_unix_nanos);
  out.append(R"(","attributes":[)");
  for (std::size_t i = 0; i < span.attributes.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendKeyValue(out, span.attributes[i].key, span.attributes[i].value);
  }
  out.append(R"(],"status":{"code":)");
  AppendInteger(out, static_cast<int>(span.status));
  if (!span.status_message.empty()) {
    out.append(R"(,"message":)");
    AppendJsonString(out, span.status_message);
  }
  out.append("}}");
}

void AppendPointAttributes(std::string& out, const MetricSnapshot& metric,
                           const rampart::telemetry::MetricPoint& point) {
  out.append(R"("attributes":[)");
  for (std::size_t i = 0; i < metric.info.label_names.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendKeyValue(out, metric.info.label_names[i],
                   i < point.label_values.size() ? point.label_values[i] : std::string());
  }
  out.append("],");
}

}  // namespace

void EncodeTraces(std::string& out, const ServiceIdentity& service,
                  std::span<const std::unique_ptr<SpanData>> spans) {
  out.clear();
  // A server span with its attributes is 700-900 bytes: reserve enough that the buffer never
  // grows (a regrowth copies the whole batch).
  out.reserve(512 + spans.size() * 1024);
  out.append(R"({"resourceSpans":[)");
  AppendResource(out, service);
  out.append(R"("scopeSpans":[)");
  AppendScope(out);
  out.append(R"("spans":[)");
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendSpan(out, *spans[i]);
  }
  out.append("]}]}]}");
}

std::string EncodeMetrics(const ServiceIdentity& service,
                          const std::vector<MetricSnapshot>& metrics, std::int64_t start_unix_nanos,
                          std::int64_t now_unix_nanos) {
  std::string out;
  out.reserve(16384);
  out.append(R"({"resourceMetrics":[)");
  AppendResource(out, service);
  out.append(R"("scopeMetrics":[)");
  AppendScope(out);
  out.append(R"("metrics":[)");
  bool first_metric = true;
  for (const MetricSnapshot& metric : metrics) {
    if (metric.points.empty()) continue;
    if (!first_metric) out.push_back(',');
    first_metric = false;
    out.append(R"({"name":)");
    AppendJsonString(out, metric.info.name);
    out.append(R"(,"description":)");
    AppendJsonString(out, metric.info.description);
    out.append(R"(,"unit":)");
    AppendJsonString(out, metric.info.unit);
    switch (metric.info.type) {
      case MetricType::kCounter:
        out.append(R"(,"sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[)");
        break;
      case MetricType::kGauge:
        out.append(R"(,"gauge":{"dataPoints":[)");
        break;
      case MetricType::kHistogram:
        out.append(R"(,"histogram":{"aggregationTemporality":2,"dataPoints":[)");
        break;
    }
    for (std::size_t i = 0; i < metric.points.size(); ++i) {
      const auto& point = metric.points[i];
      if (i > 0) out.push_back(',');
      out.push_back('{');
      AppendPointAttributes(out, metric, point);
      fmt::format_to(std::back_inserter(out), R"("startTimeUnixNano":"{}","timeUnixNano":"{}",)",
                     start_unix_nanos, now_unix_nanos);
      if (metric.info.type == MetricType::kHistogram) {
        fmt::format_to(std::back_inserter(out), R"("count":"{}","sum":)", point.count);
        AppendDouble(out, point.sum);
        out.append(R"(,"bucketCounts":[)");
        for (std::size_t b = 0; b < point.bucket_counts.size(); ++b) {
          fmt::format_to(std::back_inserter(out), R"({}"{}")", b > 0 ? "," : "",
                         point.bucket_counts[b]);
        }
        out.append(R"(],"explicitBounds":[)");
        for (std::size_t b = 0; b < metric.bounds.size(); ++b) {
          if (b > 0) out.push_back(',');
          AppendDouble(out, metric.bounds[b]);
        }
        out.append("]}");
      } else {
        out.append(R"("asDouble":)");
        AppendDouble(out, point.value);
        out.push_back('}');
      }
    }
    out.append("]}}");
  }
  out.append("]}]}]}");
  return out;
}

}  // namespace rampart::infrastructure::telemetry
