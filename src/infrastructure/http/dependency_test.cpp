// The resilience policy of a dependency over a scripted transport: what is retried and what is
// not, the retry budget, the breaker (and its one log line per change), the bulkhead, the
// deadline, and the metrics. No network, no sleeping: the pause between attempts is recorded.
#include "infrastructure/http/dependency.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <latch>
#include <thread>

namespace rampart::infrastructure::http {
namespace {

using namespace std::chrono_literals;

class ScriptedTransport final : public HttpTransport {
 public:
  std::deque<HttpResult> script;
  int sent = 0;
  std::function<void()> during;  // runs inside Send (before its answer)
  HttpResult Send(const HttpRequest&, std::chrono::milliseconds) override {
    ++sent;
    if (during) during();
    if (script.empty()) return HttpResponse{.status = 200};
    auto next = std::move(script.front());
    script.pop_front();
    return next;
  }
};

HttpResult Status(int status) { return HttpResponse{.status = status}; }
HttpResult Broken() {
  return std::unexpected(TransportError{TransportErrorKind::kConnect, "connect: refused"});
}

struct Fixture {
  ScriptedTransport transport;
  telemetry::Registry registry;
  std::vector<std::chrono::milliseconds> pauses;
  std::unique_ptr<Dependency> dependency;

  explicit Fixture(DependencyPolicy policy = {}) {
    dependency = std::make_unique<Dependency>(
        "test", policy, transport, registry,
        DependencyHooks{.sleep = [this](std::chrono::milliseconds d) { pauses.push_back(d); },
                        .seed = 7});
  }
  CallResult Call() {
    return dependency->Call([] { return HttpRequest{.url = *ParseUrl("http://x/")}; });
  }
  double Count(std::string_view metric, std::vector<std::string> labels) {
    for (const auto& snapshot : registry.Collect()) {
      if (snapshot.info.name != metric) continue;
      for (const auto& point : snapshot.points) {
        if (point.label_values == labels) {
          return snapshot.info.type == telemetry::MetricType::kHistogram ? double(point.count)
                                                                         : point.value;
        }
      }
    }
    return 0;
  }
};

TEST(Dependency, RetriesServerErrorsAndConnectFailuresWithGrowingFullJitterPauses) {
  Fixture f({.max_attempts = 4, .backoff_initial = 100ms, .backoff_max = 1000ms});
  f.transport.script = {Status(503), Broken(), Status(500), Status(200)};
  const auto result = f.Call();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(f.transport.sent, 4);
  ASSERT_EQ(f.pauses.size(), 3U);
  EXPECT_LE(f.pauses[0], 100ms);
  EXPECT_LE(f.pauses[1], 200ms);
  EXPECT_LE(f.pauses[2], 400ms);
  EXPECT_EQ(f.Count("rampart.dependency.calls", {"test", "success"}), 1);
  EXPECT_EQ(f.Count("rampart.dependency.attempts", {"test"}), 4);
  EXPECT_EQ(f.Count("rampart.dependency.duration", {"test"}), 1);
}

TEST(Dependency, NeverRetriesAClientError) {
  Fixture f;
  f.transport.script = {Status(400), Status(200)};
  const auto result = f.Call();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 400);
  EXPECT_EQ(f.transport.sent, 1);
  EXPECT_TRUE(f.pauses.empty());
  EXPECT_EQ(f.Count("rampart.dependency.calls", {"test", "client_error"}), 1);
}

TEST(Dependency, ACustomClassifierTurnsAThrottling400IntoARetry) {
  Fixture f;
  f.transport.script = {HttpResponse{.status = 400, .body = "throttled"}, Status(200)};
  const auto result =
      f.dependency->Call([] { return HttpRequest{.url = *ParseUrl("http://x/")}; },
                         [](const HttpResponse& r) {
                           return r.body == "throttled" ? Verdict::kThrottled : ClassifyStatus(r);
                         });
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(f.transport.sent, 2);
}

TEST(Dependency, GivesUpAfterMaxAttemptsAndReturnsTheLastAnswer) {
  Fixture f({.max_attempts = 2});
  f.transport.script = {Status(503), Status(502), Status(200)};
  const auto result = f.Call();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 502);
  EXPECT_EQ(f.transport.sent, 2);
  EXPECT_EQ(f.Count("rampart.dependency.calls", {"test", "server_error"}), 1);
}

TEST(Dependency, ReportsATransportFailureWhenNoAttemptWasAnswered) {
  Fixture f({.max_attempts = 2});
  f.transport.script = {Broken(), Broken()};
  const auto result = f.Call();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CallFailure::kTransport);
  EXPECT_NE(result.error().message.find("test: connect: refused (after 2 attempts)"),
            std::string::npos);
  EXPECT_EQ(f.Count("rampart.dependency.calls", {"test", "transport_error"}), 1);
}

TEST(Dependency, TheRetryBudgetStopsRetriesFromMultiplyingLoad) {
  // A budget of ten saved retries (plus 20 % of calls, plus 1/s): a dead dependency gets far
  // fewer than max_attempts per call once it is spent.
  Fixture f({.max_attempts = 5, .breaker_failures = 1000});
  for (int i = 0; i < 1000; ++i) f.transport.script.push_back(Status(503));
  for (int call = 0; call < 20; ++call) f.Call();
  // 20 first attempts, 10 saved retries, 0.2 × 20 = 4 earned, and perhaps one refilled.
  EXPECT_LE(f.transport.sent, 20 + 10 + 4 + 1);
  EXPECT_GE(f.transport.sent, 20 + 10);
}

TEST(Dependency, TheBreakerOpensFailsFastAndLogsEachChangeOnce) {
  Fixture f({.max_attempts = 1, .breaker_failures = 3, .breaker_open_for = 1h});
  for (int i = 0; i < 3; ++i) f.transport.script.push_back(Status(500));
  for (int i = 0; i < 3; ++i) f.Call();
  EXPECT_EQ(f.dependency->BreakerState(), resilience::CircuitBreaker::State::kOpen);
  const auto refused = f.Call();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, CallFailure::kBreakerOpen);
  EXPECT_EQ(f.transport.sent, 3);
  EXPECT_EQ(f.Count("rampart.dependency.calls", {"test", "breaker_open"}), 1);
  EXPECT_EQ(f.Count("rampart.dependency.breaker_state", {"test"}), 2);
}

TEST(Dependency, AClientErrorIsNoBreakerFailure) {
  Fixture f({.max_attempts = 1, .breaker_failures = 2});
  for (int i = 0; i < 5; ++i) f.transport.script.push_back(Status(404));
  for (int i = 0; i < 5; ++i) f.Call();
  EXPECT_EQ(f.dependency->BreakerState(), resilience::CircuitBreaker::State::kClosed);
}

TEST(Dependency, TheBulkheadRefusesCallsBeyondItsLimit) {
  Fixture f({.max_concurrent = 1});
  std::latch inside(1);
  std::latch release(1);
  f.transport.during = [&] {
    inside.count_down();
    release.wait();
  };
  std::thread first([&] { f.Call(); });
  inside.wait();
  f.transport.during = nullptr;
  const auto refused = f.Call();
  release.count_down();
  first.join();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, CallFailure::kBulkheadFull);
  EXPECT_EQ(f.Count("rampart.dependency.calls", {"test", "bulkhead_full"}), 1);
  EXPECT_TRUE(f.Call());
}

TEST(Dependency, NoRetryPastTheOverallDeadline) {
  Fixture f(
      {.total_timeout = 50ms, .max_attempts = 10, .backoff_initial = 10s, .backoff_max = 10s});
  f.transport.script = {Status(503), Status(503)};
  // The first pause (up to 10 s, full jitter) almost surely ends past the 50 ms deadline.
  const auto result = f.Call();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  EXPECT_LE(f.transport.sent, 2);
}

TEST(Dependency, ACallerLimitShortensTheCall) {
  Fixture f({.total_timeout = 10s, .max_attempts = 5});
  f.transport.script = {Status(503), Status(503)};
  const auto result = f.dependency->Call(
      [] { return HttpRequest{.url = *ParseUrl("http://x/")}; }, ClassifyStatus, {}, 0ms);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, CallFailure::kTimeout);
  EXPECT_EQ(f.transport.sent, 0);
}

TEST(Dependency, RejectsAPolicyThatCannotWork) {
  ScriptedTransport transport;
  telemetry::Registry registry;
  EXPECT_THROW(Dependency("x", {.max_attempts = 0}, transport, registry), std::invalid_argument);
  EXPECT_THROW(Dependency("x", {.attempt_timeout = 0ms}, transport, registry),
               std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure::http
