#include "infrastructure/telemetry/otlp_protobuf.hpp"

#include <bit>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace rampart::infrastructure::telemetry {
namespace {

using rampart::telemetry::Attribute;
using rampart::telemetry::MetricSnapshot;
using rampart::telemetry::MetricType;
using rampart::telemetry::SpanData;

// Wire types.
constexpr std::uint32_t kVarint = 0;
constexpr std::uint32_t kFixed64 = 1;
constexpr std::uint32_t kLengthDelimited = 2;

// Writes into bytes already allocated: a span is sized first, the buffer grown once, and its
// fields stored through this (no per-field append and capacity check). The helpers below
// write to it or to a std::string alike.
struct Cursor {
  char* at;
  void append(const char* bytes, std::size_t size) {
    std::memcpy(at, bytes, size);
    at += size;
  }
  void append(std::string_view bytes) { append(bytes.data(), bytes.size()); }
};

template <class Out>
void Varint(Out& out, std::uint64_t value) {
  char bytes[10];
  std::size_t size = 0;
  while (value >= 0x80) {
    bytes[size++] = static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  bytes[size++] = static_cast<char>(value);
  out.append(bytes, size);
}

std::size_t VarintSize(std::uint64_t value) {
  std::size_t size = 1;
  for (; value >= 0x80; value >>= 7) ++size;
  return size;
}

// A length-delimited field of `size` bytes, with its tag (fields < 16: one byte) and length.
std::size_t DelimitedSize(std::size_t size) { return 1 + VarintSize(size) + size; }

template <class Out>
void Tag(Out& out, std::uint32_t field, std::uint32_t wire_type) {
  Varint(out, (field << 3) | wire_type);
}

template <class Out>
void Fixed64(Out& out, std::uint32_t field, std::uint64_t value) {
  Tag(out, field, kFixed64);
  char bytes[8];
  for (int i = 0; i < 8; ++i, value >>= 8) bytes[i] = static_cast<char>(value & 0xFF);  // LE
  out.append(bytes, sizeof(bytes));
}

template <class Out>
void Double(Out& out, std::uint32_t field, double value) {
  Fixed64(out, field, std::bit_cast<std::uint64_t>(value));
}

template <class Out>
void Bytes(Out& out, std::uint32_t field, std::string_view value) {
  Tag(out, field, kLengthDelimited);
  Varint(out, value.size());
  out.append(value);
}

// Ids go out as raw bytes, most significant first (the order of their hex form).
template <class Out>
void Id(Out& out, std::uint32_t field, std::initializer_list<std::uint64_t> words) {
  Tag(out, field, kLengthDelimited);
  Varint(out, words.size() * 8);
  for (std::uint64_t word : words) {
    char bytes[8];
    for (int i = 7; i >= 0; --i, word >>= 8) bytes[i] = static_cast<char>(word & 0xFF);
    out.append(bytes, sizeof(bytes));
  }
}

// An embedded message: Open writes its tag and returns where its content starts; Close puts
// the content's length in front of it. Lengths are not known before the content is written,
// and a message of our size moves a few hundred bytes at most (the batch's outer messages
// once per batch).
std::size_t Open(std::string& out, std::uint32_t field) {
  Tag(out, field, kLengthDelimited);
  return out.size();
}

void Close(std::string& out, std::size_t start) {
  const std::uint64_t size = out.size() - start;
  char bytes[10];
  std::size_t length = 0;
  for (std::uint64_t value = size;; value >>= 7) {
    bytes[length++] = static_cast<char>((value & 0x7F) | (value >= 0x80 ? 0x80 : 0));
    if (value < 0x80) break;
  }
  out.insert(start, bytes, length);
}

// AnyValue { string_value = 1; bool_value = 2; int_value = 3; double_value = 4; }: the size
// of its content.
std::size_t AnyValueSize(const Attribute::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return DelimitedSize(text->size());
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return 1 + VarintSize(static_cast<std::uint64_t>(*integer));
  }
  if (std::holds_alternative<double>(value)) return 1 + 8;
  return 1 + 1;  // bool
}

// KeyValue { string key = 1; AnyValue value = 2; }: the size of its content.
std::size_t KeyValueSize(std::string_view key, const Attribute::Value& value) {
  return DelimitedSize(key.size()) + DelimitedSize(AnyValueSize(value));
}

// Leaf messages are sized before they are written (no length to patch in afterwards).
template <class Out>
void KeyValue(Out& out, std::uint32_t field, std::string_view key, const Attribute::Value& value) {
  const std::size_t any_size = AnyValueSize(value);
  Tag(out, field, kLengthDelimited);
  Varint(out, DelimitedSize(key.size()) + DelimitedSize(any_size));
  Bytes(out, 1, key);
  Tag(out, 2, kLengthDelimited);
  Varint(out, any_size);
  if (const auto* text = std::get_if<std::string>(&value)) {
    Bytes(out, 1, *text);
  } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    Tag(out, 3, kVarint);
    Varint(out, static_cast<std::uint64_t>(*integer));  // int64: two's complement, 10 bytes if < 0
  } else if (const auto* real = std::get_if<double>(&value)) {
    Double(out, 4, *real);
  } else {
    Tag(out, 2, kVarint);
    Varint(out, std::get<bool>(value) ? 1 : 0);
  }
}

void StringKeyValue(std::string& out, std::uint32_t field, std::string_view key,
                    std::string_view value) {
  KeyValue(out, field, key, Attribute::Value(std::string(value)));
}

// Resource { repeated KeyValue attributes = 1; } as field `field` of the outer message.
void Resource(std::string& out, std::uint32_t field, const ServiceIdentity& service) {
  const std::size_t resource = Open(out, field);
  StringKeyValue(out, 1, "service.name", service.name);
  StringKeyValue(out, 1, "service.version", service.version);
  StringKeyValue(out, 1, "deployment.environment.name", service.environment);
  StringKeyValue(out, 1, "deployment.environment", service.environment);  // older conventions
  StringKeyValue(out, 1, "telemetry.sdk.name", "rampart");
  StringKeyValue(out, 1, "telemetry.sdk.language", "cpp");
  Close(out, resource);
}

// InstrumentationScope { string name = 1; }
void Scope(std::string& out) {
  const std::size_t scope = Open(out, 1);
  Bytes(out, 1, "rampart");
  Close(out, scope);
}

// Span (opentelemetry/proto/trace/v1/trace.proto): trace_id 1, span_id 2, trace_state 3,
// parent_span_id 4, name 5, kind 6, start 7 (fixed64), end 8 (fixed64), attributes 9,
// status 15 { message 2; code 3 }.
bool HasStatus(const SpanData& span) {
  return span.status != rampart::telemetry::SpanStatus::kUnset || !span.status_message.empty();
}

std::size_t StatusSize(const SpanData& span) {
  return (span.status_message.empty() ? 0 : DelimitedSize(span.status_message.size())) + 1 +
         VarintSize(static_cast<std::uint64_t>(span.status));
}

// The size of a span's content; SpanMessage writes exactly this many bytes after its length.
std::size_t SpanSize(const SpanData& span) {
  std::size_t size = DelimitedSize(16) + DelimitedSize(8);
  if (!span.trace_state.empty()) size += DelimitedSize(span.trace_state.size());
  if (span.parent_span_id != 0) size += DelimitedSize(8);
  size += DelimitedSize(span.name.size());
  size += 1 + VarintSize(static_cast<std::uint64_t>(span.kind));
  size += 2 * (1 + 8);
  for (const Attribute& attribute : span.attributes) {
    size += DelimitedSize(KeyValueSize(attribute.key, attribute.value));
  }
  if (HasStatus(span)) size += DelimitedSize(StatusSize(span));
  return size;
}

void SpanMessage(std::string& buffer, const SpanData& span) {
  const std::size_t size = SpanSize(span);
  const std::size_t start = buffer.size();
  buffer.resize(start + 1 + VarintSize(size) + size);
  Cursor out{buffer.data() + start};
  Tag(out, 2, kLengthDelimited);  // ScopeSpans.spans
  Varint(out, size);
  Id(out, 1, {span.trace_id.high, span.trace_id.low});
  Id(out, 2, {span.span_id});
  if (!span.trace_state.empty()) Bytes(out, 3, span.trace_state);
  if (span.parent_span_id != 0) Id(out, 4, {span.parent_span_id});
  Bytes(out, 5, span.name);
  Tag(out, 6, kVarint);
  Varint(out, static_cast<std::uint64_t>(span.kind));
  Fixed64(out, 7, static_cast<std::uint64_t>(span.start_unix_nanos));
  Fixed64(out, 8, static_cast<std::uint64_t>(span.end_unix_nanos));
  for (const Attribute& attribute : span.attributes) {
    KeyValue(out, 9, attribute.key, attribute.value);
  }
  if (HasStatus(span)) {
    Tag(out, 15, kLengthDelimited);
    Varint(out, StatusSize(span));
    if (!span.status_message.empty()) Bytes(out, 2, span.status_message);
    Tag(out, 3, kVarint);
    Varint(out, static_cast<std::uint64_t>(span.status));
  }
  // SpanSize and the writes above describe the same fields; a mismatch is a bug the tests
  // catch (the framing would not decode), never a write past the buffer in a release build.
  if (out.at != buffer.data() + buffer.size()) std::abort();
}

// A data point's attributes: the metric's label names with the point's values.
void PointAttributes(std::string& out, std::uint32_t field, const MetricSnapshot& metric,
                     const rampart::telemetry::MetricPoint& point) {
  for (std::size_t i = 0; i < metric.info.label_names.size(); ++i) {
    StringKeyValue(out, field, metric.info.label_names[i],
                   i < point.label_values.size() ? point.label_values[i] : std::string_view());
  }
}

// Metric (opentelemetry/proto/metrics/v1/metrics.proto): name 1, description 2, unit 3,
// gauge 5 / sum 7 / histogram 9. Gauge { data_points 1 }; Sum { data_points 1, temporality 2,
// is_monotonic 3 }; Histogram { data_points 1, temporality 2 }.
// NumberDataPoint: start 2, time 3 (fixed64), as_double 4, attributes 7.
// HistogramDataPoint: start 2, time 3, count 4 (fixed64), sum 5, bucket_counts 6 (packed
// fixed64), explicit_bounds 7 (packed double), attributes 9.
void MetricMessage(std::string& out, const MetricSnapshot& metric, std::uint64_t start,
                   std::uint64_t now) {
  constexpr std::uint64_t kCumulative = 2;
  const std::size_t message = Open(out, 2);  // ScopeMetrics.metrics
  Bytes(out, 1, metric.info.name);
  Bytes(out, 2, metric.info.description);
  Bytes(out, 3, metric.info.unit);
  const std::uint32_t data_field = metric.info.type == MetricType::kGauge     ? 5
                                   : metric.info.type == MetricType::kCounter ? 7
                                                                              : 9;
  const std::size_t data = Open(out, data_field);
  for (const auto& point : metric.points) {
    const std::size_t data_point = Open(out, 1);
    Fixed64(out, 2, start);
    Fixed64(out, 3, now);
    if (metric.info.type == MetricType::kHistogram) {
      Fixed64(out, 4, point.count);
      Double(out, 5, point.sum);
      Tag(out, 6, kLengthDelimited);
      Varint(out, point.bucket_counts.size() * 8);
      for (const std::uint64_t count : point.bucket_counts) {
        char bytes[8];
        std::uint64_t value = count;
        for (int i = 0; i < 8; ++i, value >>= 8) bytes[i] = static_cast<char>(value & 0xFF);
        out.append(bytes, sizeof(bytes));
      }
      Tag(out, 7, kLengthDelimited);
      Varint(out, metric.bounds.size() * 8);
      for (const double bound : metric.bounds) {
        std::uint64_t value = std::bit_cast<std::uint64_t>(bound);
        char bytes[8];
        for (int i = 0; i < 8; ++i, value >>= 8) bytes[i] = static_cast<char>(value & 0xFF);
        out.append(bytes, sizeof(bytes));
      }
      PointAttributes(out, 9, metric, point);
    } else {
      Double(out, 4, point.value);
      PointAttributes(out, 7, metric, point);
    }
    Close(out, data_point);
  }
  if (metric.info.type != MetricType::kGauge) {
    Tag(out, 2, kVarint);
    Varint(out, kCumulative);
  }
  if (metric.info.type == MetricType::kCounter) {
    Tag(out, 3, kVarint);
    Varint(out, 1);  // is_monotonic
  }
  Close(out, data);
  Close(out, message);
}

}  // namespace

std::string_view EncodeTracesProtobuf(std::string& out, const ServiceIdentity& service,
                                      std::span<const std::unique_ptr<SpanData>> spans) {
  // The spans are written first, behind room for what precedes them (the resource and scope
  // and the two enclosing lengths, known only once the spans are written), which then goes in
  // front of them: no copy of the batch to make room for a length.
  std::string head;
  Resource(head, 1, service);  // ResourceSpans.resource
  const std::size_t resource_size = head.size();
  Scope(head);
  const std::size_t gap = head.size() + 32;  // + tags and lengths of the two wrappers
  out.clear();
  // A server span is ~300 bytes: enough that the buffer rarely grows.
  out.reserve(gap + spans.size() * 512);
  out.resize(gap);
  for (const auto& span : spans) SpanMessage(out, *span);
  const std::size_t spans_size = out.size() - gap;

  // ExportTraceServiceRequest { resource_spans 1 { resource 1, scope_spans 2 { scope 1,
  // spans 2... } } }
  const std::size_t scope_spans_size = (head.size() - resource_size) + spans_size;
  const std::size_t resource_spans_size = resource_size + DelimitedSize(scope_spans_size);
  std::string prefix;
  Tag(prefix, 1, kLengthDelimited);
  Varint(prefix, resource_spans_size);
  prefix.append(head, 0, resource_size);
  Tag(prefix, 2, kLengthDelimited);
  Varint(prefix, scope_spans_size);
  prefix.append(head, resource_size);
  const std::size_t start = gap - prefix.size();
  out.replace(start, prefix.size(), prefix);
  return std::string_view(out).substr(start);
}

std::string EncodeMetricsProtobuf(const ServiceIdentity& service,
                                  const std::vector<MetricSnapshot>& metrics,
                                  std::int64_t start_unix_nanos, std::int64_t now_unix_nanos) {
  std::string out;
  out.reserve(16384);
  const std::size_t resource_metrics = Open(out, 1);
  Resource(out, 1, service);
  const std::size_t scope_metrics = Open(out, 2);
  Scope(out);
  for (const MetricSnapshot& metric : metrics) {
    if (metric.points.empty()) continue;
    MetricMessage(out, metric, static_cast<std::uint64_t>(start_unix_nanos),
                  static_cast<std::uint64_t>(now_unix_nanos));
  }
  Close(out, scope_metrics);
  Close(out, resource_metrics);
  return out;
}

}  // namespace rampart::infrastructure::telemetry
