#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>

#include "infrastructure/telemetry/dogstatsd.hpp"
#include "infrastructure/telemetry/http_post.hpp"
#include "infrastructure/telemetry/otlp_exporter.hpp"
#include "infrastructure/telemetry/otlp_json.hpp"

namespace rampart::infrastructure::telemetry {
namespace {

namespace t = rampart::telemetry;
namespace json = boost::json;

TEST(HttpUrl, ParsesHostPortAndPath) {
  auto url = ParseHttpUrl("http://collector:4318/v1/traces");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "collector");
  EXPECT_EQ(url->port, 4318);
  EXPECT_EQ(url->path, "/v1/traces");
  url = ParseHttpUrl("http://[::1]:9");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->path, "/");
  EXPECT_EQ(ParseHttpUrl("http://h")->port, 80);
  EXPECT_FALSE(ParseHttpUrl("https://h:1"));
  EXPECT_FALSE(ParseHttpUrl("http://:1"));
  EXPECT_FALSE(ParseHttpUrl("http://h:70000"));
}

TEST(OtlpUrls, BaseOrTracesEndpoint) {
  auto urls = OtlpUrls("http://127.0.0.1:4318");
  ASSERT_TRUE(urls);
  EXPECT_EQ(urls->first.path, "/v1/traces");
  EXPECT_EQ(urls->second.path, "/v1/metrics");
  urls = OtlpUrls("http://127.0.0.1:4318/otlp/v1/traces");
  EXPECT_EQ(urls->first.path, "/otlp/v1/traces");
  EXPECT_EQ(urls->second.path, "/otlp/v1/metrics");
}

TEST(HttpPost, ReportsARefusedConnectionQuickly) {
  // Port 1 on loopback: nothing listens there.
  const auto result = HttpPost(*ParseHttpUrl("http://127.0.0.1:1/v1/traces"), "application/json",
                               "{}", std::chrono::milliseconds(500));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("connect"), std::string::npos) << result.error();
}

// A collector that accepts connections (the kernel's backlog does) and never answers.
class StalledCollector {
 public:
  StalledCollector() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    ::listen(fd_, 16);
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~StalledCollector() { ::close(fd_); }
  std::string Endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

double SpanOutcome(t::Registry& registry, std::string_view outcome) {
  for (const auto& metric : registry.Collect()) {
    if (metric.info.name != "rampart.telemetry.spans") continue;
    for (const auto& point : metric.points) {
      if (point.label_values.at(0) == outcome) return point.value;
    }
  }
  return -1;
}

void QueueSpans(OtlpExporter& exporter, int count) {
  for (int i = 0; i < count; ++i) {
    auto span = std::make_unique<t::SpanData>();
    span->name = "queued";
    span->trace_id = {1, static_cast<std::uint64_t>(i + 1)};
    span->span_id = static_cast<t::SpanId>(i + 1);
    exporter.OnEnd(std::move(span));
  }
}

TEST(OtlpExporter, ShutdownDrainIsBoundedWhenTheCollectorStalls) {
  StalledCollector collector;
  t::Registry registry;
  const auto started = std::chrono::steady_clock::now();
  {
    OtlpExporter exporter({.endpoint = collector.Endpoint(),
                           .batch_spans = 100,
                           .interval = std::chrono::hours(1),
                           .timeout = std::chrono::seconds(20),
                           .shutdown_timeout = std::chrono::milliseconds(300),
                           .export_metrics = true},
                          registry);
    QueueSpans(exporter, 10);
  }  // stops: one POST, cut to the 300 ms left, then nothing more
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, std::chrono::seconds(5)) << "the 20 s POST timeout was not cut";
  EXPECT_GE(took, std::chrono::milliseconds(250));
  EXPECT_EQ(SpanOutcome(registry, "dropped_export_failed"), 10);
  EXPECT_EQ(SpanOutcome(registry, "exported"), 0);
}

TEST(OtlpExporter, SpansLeftWhenTheShutdownTimeIsUpAreDroppedAndCounted) {
  StalledCollector collector;
  t::Registry registry;
  {
    OtlpExporter exporter({.endpoint = collector.Endpoint(),
                           .batch_spans = 100,
                           .interval = std::chrono::hours(1),
                           .shutdown_timeout = std::chrono::milliseconds(0)},
                          registry);
    QueueSpans(exporter, 7);
  }
  EXPECT_EQ(SpanOutcome(registry, "dropped_shutdown"), 7);
  EXPECT_EQ(SpanOutcome(registry, "dropped_export_failed"), 0);
}

TEST(OtlpJson, EncodesSpansAsTheJsonMapping) {
  auto span = std::make_unique<t::SpanData>();
  span->name = "GET /x \"quoted\"";
  span->trace_id = {0x0123456789abcdefULL, 0x1ULL};
  span->span_id = 0xabcULL;
  span->parent_span_id = 0x10ULL;
  span->kind = t::SpanKind::kServer;
  span->start_unix_nanos = 1000;
  span->end_unix_nanos = 2000;
  span->status = t::SpanStatus::kError;
  span->status_message = "boom";
  span->attributes = {{"http.response.status_code", std::int64_t{500}},
                      {"url.path", std::string("/x")},
                      {"ratio", 0.5},
                      {"flag", true}};
  std::vector<std::unique_ptr<t::SpanData>> spans;
  spans.push_back(std::move(span));
  const auto body =
      json::parse(EncodeTraces({.name = "svc", .version = "1.2", .environment = "prod"}, spans));
  const auto& resource = body.at("resourceSpans").at(0);
  EXPECT_EQ(resource.at("resource").at("attributes").at(0).at("value").at("stringValue"), "svc");
  const auto& encoded = resource.at("scopeSpans").at(0).at("spans").at(0);
  EXPECT_EQ(encoded.at("traceId"), "0123456789abcdef0000000000000001");
  EXPECT_EQ(encoded.at("spanId"), "0000000000000abc");
  EXPECT_EQ(encoded.at("parentSpanId"), "0000000000000010");
  EXPECT_EQ(encoded.at("name"), "GET /x \"quoted\"");
  EXPECT_EQ(encoded.at("kind"), 2);
  EXPECT_EQ(encoded.at("startTimeUnixNano"), "1000");
  EXPECT_EQ(encoded.at("status").at("code"), 2);
  EXPECT_EQ(encoded.at("attributes").at(0).at("value").at("intValue"), "500");
  EXPECT_EQ(encoded.at("attributes").at(2).at("value").at("doubleValue"), 0.5);
  EXPECT_EQ(encoded.at("attributes").at(3).at("value").at("boolValue"), true);
}

TEST(OtlpJson, EncodesHistogramsAndCounters) {
  t::Registry registry;
  registry.Counter("c", "C.", "1", {"k"}).With({"v"}).Add(4);
  registry.Histogram("h", "H.", "s", {}, {1.0}).With({}).Record(0.5);
  const auto body = json::parse(EncodeMetrics({}, registry.Collect(), 10, 20));
  const auto& metrics = body.at("resourceMetrics").at(0).at("scopeMetrics").at(0).at("metrics");
  EXPECT_EQ(metrics.at(0).at("sum").at("isMonotonic"), true);
  EXPECT_EQ(metrics.at(0).at("sum").at("dataPoints").at(0).at("asDouble").to_number<double>(), 4.0);
  const auto& point = metrics.at(1).at("histogram").at("dataPoints").at(0);
  EXPECT_EQ(point.at("count"), "1");
  EXPECT_EQ(point.at("bucketCounts").at(0), "1");
  EXPECT_EQ(point.at("explicitBounds").at(0).to_number<double>(), 1.0);
}

TEST(DogStatsd, CountersGoOutAsDeltasWithServiceTags) {
  t::Registry registry;
  auto& writes = registry.Counter("rampart.notes.writes", "L.", "1", {"outcome"}).With({"ok"});
  registry.Gauge("g", "G.").With({}).Set(7);
  std::map<std::string, double> previous;
  const ServiceIdentity service{.name = "svc", .version = "1", .environment = "prod"};
  writes.Add(2);
  auto lines = DogStatsdLines(registry.Collect(), service, previous);
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "rampart.notes.writes:2|c|#outcome:ok,service:svc,env:prod,version:1",
                       "g:7|g|#service:svc,env:prod,version:1"}));
  writes.Add(3);
  lines = DogStatsdLines(registry.Collect(), service, previous);
  EXPECT_EQ(lines.at(0), "rampart.notes.writes:3|c|#outcome:ok,service:svc,env:prod,version:1");
  lines = DogStatsdLines(registry.Collect(), service, previous);
  EXPECT_EQ(lines, (std::vector<std::string>{"g:7|g|#service:svc,env:prod,version:1"}));
}

}  // namespace
}  // namespace rampart::infrastructure::telemetry
