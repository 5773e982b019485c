// The OTLP exporter to an https:// collector, through the outbound HTTP component: the metrics
// arrive over TLS verified against the configured CA; a collector with a certificate of another
// CA gets nothing, and the failure is counted.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "infrastructure/telemetry/otlp_exporter.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure::telemetry {
namespace {

namespace t = rampart::telemetry;
using namespace std::chrono_literals;

struct Collector {
  integration::TestCertificates certificates;
  integration::TlsFiles files = certificates.Server();
  std::mutex mutex;
  std::vector<std::string> seen;  // "POST /v1/metrics application/x-protobuf"
  integration::LoopbackHttpServer server{
      [this](const integration::ServerRequest& request) {
        std::lock_guard lock(mutex);
        seen.push_back(request.method + " " + request.target + " " +
                       std::string(request.Header("content-type")));
        return integration::ServerReply{.status = 200};
      },
      &files};
};

double Failures(t::Registry& registry) {
  for (const auto& metric : registry.Collect()) {
    if (metric.info.name != "rampart.telemetry.export_failures") continue;
    double total = 0;
    for (const auto& point : metric.points) total += point.value;
    return total;
  }
  return 0;
}

TEST(OtlpHttps, MetricsGoToAnHttpsCollectorTrustedByTheCaFile) {
  Collector collector;
  t::Registry registry;
  {
    OtlpExporter exporter({.endpoint = collector.server.BaseUrl(),
                           .interval = 1h,
                           .https_policy = {.max_attempts = 1},
                           .ca_file = collector.certificates.Path("ca.crt")},
                          registry);
    exporter.Flush();
  }
  std::lock_guard lock(collector.mutex);
  ASSERT_FALSE(collector.seen.empty());
  EXPECT_EQ(collector.seen.front(), "POST /v1/metrics application/x-protobuf");
  EXPECT_EQ(Failures(registry), 0);
}

TEST(OtlpHttps, ACollectorWithAnUntrustedCertificateGetsNothing) {
  Collector collector;
  t::Registry registry;
  {
    OtlpExporter exporter({.endpoint = collector.server.BaseUrl() + "/v1/traces",
                           .interval = 1h,
                           .https_policy = {.max_attempts = 1},
                           .ca_file = collector.certificates.Path("other.crt")},
                          registry);
    exporter.Flush();
    EXPECT_GE(Failures(registry), 1);
  }
  EXPECT_EQ(collector.server.Requests(), 0U);
}

}  // namespace
}  // namespace rampart::infrastructure::telemetry
