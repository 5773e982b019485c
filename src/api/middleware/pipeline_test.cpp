// The default pipeline end to end (without sockets): stage order, and how the stages work
// together on failures.
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <stdexcept>
#include <thread>

#include "api/middleware/default_middleware.hpp"
#include "api/middleware/pipeline_test_support.hpp"
#include "api/server/dispatch.hpp"
#include "common/log.hpp"
#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::api {
namespace {

namespace json = boost::json;
using testing_support::HeaderOf;
using testing_support::LogCapture;
using testing_support::RunToCompletion;

class NoTokens : public application::TokenService {
 public:
  application::IssuedAccessToken Issue(const application::AccessClaims&) override { return {}; }
  domain::Result<application::AccessClaims> Verify(std::string_view) const override {
    return domain::Fail(domain::Error::Unauthorized("no tokens in this test"));
  }
};

class PipelineTest : public testing::Test {
 protected:
  PipelineTest() {
    router_.Add({.method = Method::kGet,
                 .route = "/inline",
                 .execution = Execution::kInline,
                 .handler = [this](Request&) {
                   handler_thread_ = std::this_thread::get_id();
                   return Response::Json(200, R"({"ok":true})");
                 }});
    router_.Add({.method = Method::kGet,
                 .route = "/worker",
                 .execution = Execution::kWorker,
                 .handler = [this](Request&) {
                   handler_thread_ = std::this_thread::get_id();
                   telemetry::Span query("SELECT users", telemetry::SpanKind::kClient,
                                         telemetry::Work::kDatabase);
                   log::Info("test", "in handler");
                   return Response::Json(200, R"({"ok":true})");
                 }});
    router_.Add({.method = Method::kPost,
                 .route = "/explode/{mode}",
                 .execution = Execution::kWorker,
                 .handler = [](Request& request) -> Response {
                   throw std::runtime_error("exploded with " +
                                            std::string(request.PathParam("mode")));
                 }});
    router_.Add({.method = Method::kGet,
                 .route = "/private",
                 .access = Access::kAuthenticated,
                 .handler = [](Request&) { return Response::NoContent(); }});
  }

  Response Send(Method method, std::string path, Headers headers = {}) {
    Pipeline pipeline(DefaultMiddleware(router_, tokens_),
                      [this](HttpContext& context) { return DispatchToEndpoint(context, pool_); });
    request_ = Request{};
    request_.method = method;
    request_.path = std::move(path);
    request_.headers = std::move(headers);
    HttpContext context{request_};
    return RunToCompletion(pipeline.Run(context));
  }

  Router router_;
  NoTokens tokens_;
  WorkerPool pool_{2, 8};
  Request request_;
  std::thread::id handler_thread_;
};

TEST_F(PipelineTest, DefaultStagesInOrder) {
  const auto list = DefaultMiddleware(router_, tokens_);
  std::vector<std::string_view> names;
  for (const auto& stage : list) names.push_back(stage->Name());
  EXPECT_EQ(names,
            (std::vector<std::string_view>{"correlation-id", "telemetry", "security-headers", "access-log",
                                           "error-boundary", "routing", "bearer-auth"}));
}

TEST_F(PipelineTest, InlineHandlersRunOnTheCallingThread) {
  LogCapture capture;
  const Response response = Send(Method::kGet, "/inline");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(handler_thread_, std::this_thread::get_id());
  EXPECT_FALSE(HeaderOf(response, "X-Correlation-Id").empty());
}

TEST_F(PipelineTest, WorkerHandlersRunOnThePool) {
  LogCapture capture;
  const Response response = Send(Method::kGet, "/worker");
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(handler_thread_, std::this_thread::get_id());
}

TEST_F(PipelineTest, ThrowingWorkerHandlerBecomesA500WithTheCorrelationId) {
  LogCapture capture;
  const Response response = Send(Method::kPost, "/explode/now", {{"x-correlation-id", "boom-1"}});
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), "boom-1");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("traceId"), "boom-1");
  EXPECT_EQ(body.at("type"), "/problems/internal");
  EXPECT_EQ(response.body.find("exploded"), std::string::npos);

  // One error line with the exception, one access line with the final status.
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2u);
  const auto error = json::parse(lines[0]).as_object();
  EXPECT_EQ(error.at("level"), "error");
  EXPECT_EQ(error.at("correlationId"), "boom-1");
  EXPECT_EQ(error.at("error"), "exploded with now");
  const auto access = json::parse(lines[1]).as_object();
  EXPECT_EQ(access.at("status").as_int64(), 500);
  EXPECT_EQ(access.at("route"), "/explode/{mode}");
  EXPECT_EQ(access.at("correlationId"), "boom-1");
}

TEST_F(PipelineTest, UnauthenticatedRequestIsLoggedAndCorrelated) {
  LogCapture capture;
  const Response response = Send(Method::kGet, "/private", {{"x-correlation-id", "who-1"}});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), "who-1");
  EXPECT_EQ(json::parse(response.body).at("traceId"), "who-1");
}

TEST_F(PipelineTest, NotFoundCarriesTheCorrelationId) {
  LogCapture capture;
  const Response response = Send(Method::kGet, "/nope", {{"x-correlation-id", "nf-1"}});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), "nf-1");
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(json::parse(lines[0]).at("status").as_int64(), 404);
}

class SpanCollector final : public telemetry::SpanSink {
 public:
  void OnEnd(std::unique_ptr<telemetry::SpanData> span) noexcept override {
    std::lock_guard lock(mutex);
    spans.push_back(std::move(*span));
  }
  std::mutex mutex;
  std::vector<telemetry::SpanData> spans;
};

std::string AttributeText(const telemetry::SpanData& span, std::string_view key) {
  for (const auto& attribute : span.attributes) {
    if (attribute.key != key) continue;
    if (const auto* text = std::get_if<std::string>(&attribute.value)) return *text;
    if (const auto* number = std::get_if<std::int64_t>(&attribute.value)) {
      return std::to_string(*number);
    }
  }
  return "<missing>";
}

std::uint64_t DurationCount(std::string_view route, std::string_view status) {
  return telemetry::Metrics()
      .Histogram("http.server.request.duration", "Duration of HTTP server requests.", "s",
                 {"http.request.method", "http.route", "http.response.status_code"})
      .With({"GET", route, status})
      .Count();
}

TEST_F(PipelineTest, TraceparentStartsAServerSpanWhoseWorkerChildrenAndLogsJoinIt) {
  SpanCollector collector;
  telemetry::SetSpanSink(&collector);
  LogCapture capture;
  const auto before = DurationCount("/worker", "200");
  const Response response =
      Send(Method::kGet, "/worker",
           {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
            {"tracestate", "vendor=abc"},
            {"x-correlation-id", "tp-1"}});
  telemetry::SetSpanSink(nullptr);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(handler_thread_, std::this_thread::get_id());
  EXPECT_EQ(DurationCount("/worker", "200"), before + 1);

  ASSERT_EQ(collector.spans.size(), 2u);
  const auto& query = collector.spans[0];
  const auto& server = collector.spans[1];
  EXPECT_EQ(server.name, "GET /worker");
  EXPECT_EQ(server.kind, telemetry::SpanKind::kServer);
  EXPECT_EQ(server.trace_id.Hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(server.parent_span_id, 0x00f067aa0ba902b7ULL);
  EXPECT_EQ(server.trace_state, "vendor=abc");
  EXPECT_EQ(AttributeText(server, "http.request.method"), "GET");
  EXPECT_EQ(AttributeText(server, "http.route"), "/worker");
  EXPECT_EQ(AttributeText(server, "url.path"), "/worker");
  EXPECT_EQ(AttributeText(server, "http.response.status_code"), "200");
  EXPECT_EQ(query.parent_span_id, server.span_id);
  EXPECT_EQ(query.trace_id, server.trace_id);

  // The handler's line (on the worker) and the access line (on the I/O thread) both carry the
  // correlation id and the trace.
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& line : lines) {
    const auto record = json::parse(line).as_object();
    EXPECT_EQ(record.at("correlationId"), "tp-1") << line;
    EXPECT_EQ(record.at("trace_id"), "4bf92f3577b34da6a3ce929d0e0e4736") << line;
    EXPECT_EQ(record.at("dd.trace_id"), "11803532876627986230") << line;
  }
  EXPECT_EQ(json::parse(lines[0]).at("span_id").as_string(), telemetry::SpanIdHex(query.span_id));
  EXPECT_EQ(json::parse(lines[1]).at("span_id").as_string(), telemetry::SpanIdHex(server.span_id));
  EXPECT_FALSE(telemetry::Current().HasTrace());
}

TEST_F(PipelineTest, UnsampledTraceparentIsFollowedAndUnmatchedRoutesShareALabel) {
  SpanCollector collector;
  telemetry::SetSpanSink(&collector);
  const auto before = DurationCount("unmatched", "404");
  LogCapture capture;
  Send(Method::kGet, "/no/such/path",
       {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"}});
  telemetry::SetSpanSink(nullptr);
  EXPECT_TRUE(collector.spans.empty());
  EXPECT_EQ(DurationCount("unmatched", "404"), before + 1);
}

}  // namespace
}  // namespace rampart::api
