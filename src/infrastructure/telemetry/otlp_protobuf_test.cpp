#include "infrastructure/telemetry/otlp_protobuf.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <string_view>

namespace rampart::infrastructure::telemetry {
namespace {

namespace t = rampart::telemetry;

// A protobuf wire reader for the checks: a message as its fields (number → values, in order),
// each value the raw varint, fixed64 or bytes. Fails the test on malformed framing, so every
// length the encoder wrote is checked against what follows it.
struct Field {
  std::uint64_t number = 0;
  std::uint32_t wire_type = 0;
  std::uint64_t integer = 0;  // varint or fixed64
  std::string_view bytes;     // length-delimited
};

std::uint64_t ReadVarint(std::string_view& in) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (in.empty()) {
      ADD_FAILURE() << "varint runs past the end";
      return 0;
    }
    const auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    value |= std::uint64_t{byte & 0x7Fu} << shift;
    if ((byte & 0x80) == 0) return value;
  }
  ADD_FAILURE() << "varint longer than 10 bytes";
  return value;
}

std::multimap<std::uint64_t, Field> Parse(std::string_view in) {
  std::multimap<std::uint64_t, Field> fields;
  while (!in.empty()) {
    const std::uint64_t key = ReadVarint(in);
    Field field{.number = key >> 3, .wire_type = static_cast<std::uint32_t>(key & 7)};
    if (field.wire_type == 0) {
      field.integer = ReadVarint(in);
    } else if (field.wire_type == 1) {
      if (in.size() < 8) {
        ADD_FAILURE() << "fixed64 runs past the end";
        break;
      }
      for (int i = 7; i >= 0; --i)
        field.integer = (field.integer << 8) | static_cast<std::uint8_t>(in[i]);
      in.remove_prefix(8);
    } else if (field.wire_type == 2) {
      const std::uint64_t size = ReadVarint(in);
      if (size > in.size()) {
        ADD_FAILURE() << "length " << size << " runs past the end (" << in.size() << " left)";
        break;
      }
      field.bytes = in.substr(0, size);
      in.remove_prefix(size);
    } else {
      ADD_FAILURE() << "unexpected wire type " << field.wire_type;
      break;
    }
    fields.emplace(field.number, field);
  }
  return fields;
}

const Field& One(const std::multimap<std::uint64_t, Field>& fields, std::uint64_t number) {
  static const Field kMissing{};
  const auto found = fields.find(number);
  EXPECT_NE(found, fields.end()) << "no field " << number;
  return found == fields.end() ? kMissing : found->second;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(kHex[static_cast<std::uint8_t>(c) >> 4]);
    out.push_back(kHex[static_cast<std::uint8_t>(c) & 0xF]);
  }
  return out;
}

TEST(OtlpProtobuf, EncodesSpansAsTheTraceProto) {
  auto span = std::make_unique<t::SpanData>();
  span->name = "GET /x";
  span->trace_id = {0x0123456789abcdefULL, 0x1ULL};
  span->span_id = 0xabcULL;
  span->parent_span_id = 0x10ULL;
  span->kind = t::SpanKind::kServer;
  span->start_unix_nanos = 1'700'000'000'000'000'000;
  span->end_unix_nanos = 1'700'000'000'000'001'000;
  span->status = t::SpanStatus::kError;
  span->status_message = "boom";
  span->trace_state = "a=b";
  // A long string attribute makes its KeyValue's length take two varint bytes.
  span->attributes = {{"http.response.status_code", std::int64_t{500}},
                      {"url.path", std::string(300, 'p')},
                      {"ratio", 0.5},
                      {"flag", true},
                      {"negative", std::int64_t{-2}}};
  std::vector<std::unique_ptr<t::SpanData>> spans;
  spans.push_back(std::move(span));
  spans.push_back(std::make_unique<t::SpanData>());  // a root with nothing set
  std::string body = "left over from the previous batch";
  const std::string_view encoded_request =
      EncodeTracesProtobuf(body, {.name = "svc", .version = "1.2", .environment = "prod"}, spans);

  const auto request = Parse(encoded_request);
  ASSERT_EQ(request.count(1), 1u);  // one ResourceSpans
  const auto resource_spans = Parse(One(request, 1).bytes);
  const auto resource = Parse(One(resource_spans, 1).bytes);
  ASSERT_EQ(resource.count(1), 6u);
  const auto service = Parse(resource.find(1)->second.bytes);
  EXPECT_EQ(One(service, 1).bytes, "service.name");
  EXPECT_EQ(One(Parse(One(service, 2).bytes), 1).bytes, "svc");

  const auto scope_spans = Parse(One(resource_spans, 2).bytes);
  EXPECT_EQ(One(Parse(One(scope_spans, 1).bytes), 1).bytes, "rampart");
  ASSERT_EQ(scope_spans.count(2), 2u);
  const auto encoded = Parse(scope_spans.find(2)->second.bytes);
  EXPECT_EQ(Hex(One(encoded, 1).bytes), "0123456789abcdef0000000000000001");
  EXPECT_EQ(Hex(One(encoded, 2).bytes), "0000000000000abc");
  EXPECT_EQ(One(encoded, 3).bytes, "a=b");
  EXPECT_EQ(Hex(One(encoded, 4).bytes), "0000000000000010");
  EXPECT_EQ(One(encoded, 5).bytes, "GET /x");
  EXPECT_EQ(One(encoded, 6).integer, 2u);
  EXPECT_EQ(One(encoded, 7).wire_type, 1u);
  EXPECT_EQ(One(encoded, 7).integer, 1'700'000'000'000'000'000u);
  EXPECT_EQ(One(encoded, 8).integer, 1'700'000'000'000'001'000u);

  std::vector<std::pair<std::string_view, Field>> attributes;
  for (auto [it, end] = encoded.equal_range(9); it != end; ++it) {
    const auto key_value = Parse(it->second.bytes);
    const auto any = Parse(One(key_value, 2).bytes);
    ASSERT_EQ(any.size(), 1u);
    attributes.emplace_back(One(key_value, 1).bytes, any.begin()->second);
  }
  ASSERT_EQ(attributes.size(), 5u);
  EXPECT_EQ(attributes[0].first, "http.response.status_code");
  EXPECT_EQ(attributes[0].second.number, 3u);  // int_value
  EXPECT_EQ(attributes[0].second.integer, 500u);
  EXPECT_EQ(attributes[1].second.number, 1u);  // string_value
  EXPECT_EQ(attributes[1].second.bytes, std::string(300, 'p'));
  EXPECT_EQ(attributes[2].second.number, 4u);  // double_value
  EXPECT_EQ(std::bit_cast<double>(attributes[2].second.integer), 0.5);
  EXPECT_EQ(attributes[3].second.number, 2u);  // bool_value
  EXPECT_EQ(attributes[3].second.integer, 1u);
  EXPECT_EQ(static_cast<std::int64_t>(attributes[4].second.integer), -2);

  const auto status = Parse(One(encoded, 15).bytes);
  EXPECT_EQ(One(status, 2).bytes, "boom");
  EXPECT_EQ(One(status, 3).integer, 2u);

  // The bare span: no parent, no trace state, no status (UNSET is the default).
  const auto bare = Parse(std::next(scope_spans.find(2))->second.bytes);
  EXPECT_EQ(bare.count(3), 0u);
  EXPECT_EQ(bare.count(4), 0u);
  EXPECT_EQ(bare.count(15), 0u);
  EXPECT_EQ(bare.count(9), 0u);
}

TEST(OtlpProtobuf, EncodesSumsGaugesAndHistograms) {
  t::Registry registry;
  registry.Counter("c", "C.", "1", {"k"}).With({"v"}).Add(4);
  registry.Gauge("g", "G.").With({}).Set(-3);
  registry.Histogram("h", "H.", "s", {}, {1.0, 2.5}).With({}).Record(2.0);
  const std::string body = EncodeMetricsProtobuf({}, registry.Collect(), 10, 20);

  const auto resource_metrics = Parse(One(Parse(body), 1).bytes);
  const auto scope_metrics = Parse(One(resource_metrics, 2).bytes);
  std::map<std::string_view, std::multimap<std::uint64_t, Field>> by_name;
  for (auto [it, end] = scope_metrics.equal_range(2); it != end; ++it) {
    auto metric = Parse(it->second.bytes);
    by_name[One(metric, 1).bytes] = std::move(metric);
  }
  ASSERT_EQ(by_name.count("c"), 1u);
  const auto sum = Parse(One(by_name["c"], 7).bytes);
  EXPECT_EQ(One(sum, 2).integer, 2u);  // cumulative
  EXPECT_EQ(One(sum, 3).integer, 1u);  // monotonic
  const auto point = Parse(One(sum, 1).bytes);
  EXPECT_EQ(One(point, 2).integer, 10u);
  EXPECT_EQ(One(point, 3).integer, 20u);
  EXPECT_EQ(std::bit_cast<double>(One(point, 4).integer), 4.0);
  EXPECT_EQ(One(Parse(One(point, 7).bytes), 1).bytes, "k");

  const auto gauge_point = Parse(One(Parse(One(by_name["g"], 5).bytes), 1).bytes);
  EXPECT_EQ(std::bit_cast<double>(One(gauge_point, 4).integer), -3.0);

  const auto histogram = Parse(One(by_name["h"], 9).bytes);
  EXPECT_EQ(One(histogram, 2).integer, 2u);
  const auto data_point = Parse(One(histogram, 1).bytes);
  EXPECT_EQ(One(data_point, 4).integer, 1u);  // count
  EXPECT_EQ(std::bit_cast<double>(One(data_point, 5).integer), 2.0);
  const std::string_view buckets = One(data_point, 6).bytes;  // packed fixed64
  ASSERT_EQ(buckets.size(), 24u);
  EXPECT_EQ(buckets[8], 1);  // the (1, 2.5] bucket
  EXPECT_EQ(One(data_point, 7).bytes.size(), 16u);
}

}  // namespace
}  // namespace rampart::infrastructure::telemetry
