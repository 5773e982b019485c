#include "api/middleware/access_log.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <stdexcept>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

namespace json = boost::json;
using testing_support::Answer;
using testing_support::LogCapture;
using testing_support::RunStage;

Request SampleRequest() {
  Request request;
  request.method = Method::kGet;
  request.target = "/api/v1/notes/42?access_token=secret";
  request.path = "/api/v1/notes/42";
  request.query = "access_token=secret";
  request.client_ip = "10.1.2.3";
  request.correlation_id = "corr-9";
  return request;
}

TEST(AccessLogTest, WritesOneLineWithTheRequestFields) {
  LogCapture capture;
  Request request = SampleRequest();
  request.route = "/api/v1/notes/{id}";
  request.principal = std::make_shared<const application::AccessClaims>(
      application::AccessClaims{.subject = "user-7"});
  AccessLogMiddleware stage;
  HttpContext context{request};
  const Response response = RunStage(stage, context, Answer(Response::Json(200, "{\"id\":42}")));
  EXPECT_EQ(response.status, 200);

  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const auto line = json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("logger"), "http");
  EXPECT_EQ(line.at("level"), "info");
  EXPECT_EQ(line.at("msg"), "request");
  EXPECT_EQ(line.at("method"), "GET");
  EXPECT_EQ(line.at("path"), "/api/v1/notes/42");
  EXPECT_EQ(line.at("route"), "/api/v1/notes/{id}");
  EXPECT_EQ(line.at("status").as_int64(), 200);
  EXPECT_TRUE(line.at("durationMs").is_number());
  EXPECT_GE(line.at("durationMs").to_number<double>(), 0.0);
  EXPECT_EQ(line.at("correlationId"), "corr-9");
  EXPECT_EQ(line.at("userId"), "user-7");
  EXPECT_EQ(line.at("clientIp"), "10.1.2.3");
  EXPECT_EQ(line.at("bytes").as_int64(), 9);
  // Query strings may carry tokens: never logged.
  EXPECT_EQ(lines[0].find("secret"), std::string::npos);
}

TEST(AccessLogTest, OmitsRouteAndUserWhenUnknown) {
  LogCapture capture;
  Request request = SampleRequest();
  AccessLogMiddleware stage;
  HttpContext context{request};
  RunStage(stage, context, Answer(Response::Json(404, "{}")));
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const auto line = json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("status").as_int64(), 404);
  EXPECT_FALSE(line.contains("route"));
  EXPECT_FALSE(line.contains("userId"));
}

TEST(AccessLogTest, ServerErrorsAreWarnings) {
  LogCapture capture;
  Request request = SampleRequest();
  AccessLogMiddleware stage;
  HttpContext context{request};
  RunStage(stage, context, Answer(Response::Json(503, "{}")));
  EXPECT_EQ(json::parse(capture.Lines().at(0)).at("level"), "warn");
}

TEST(AccessLogTest, LogsAnEscapingExceptionAs500AndRethrows) {
  LogCapture capture;
  Request request = SampleRequest();
  AccessLogMiddleware stage;
  HttpContext context{request};
  Next failing = [](HttpContext&) -> boost::asio::awaitable<Response> {
    throw std::runtime_error("boom");
    co_return Response{};
  };
  EXPECT_THROW(RunStage(stage, context, failing), std::runtime_error);
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(json::parse(lines[0]).at("status").as_int64(), 500);
}

TEST(AccessLogTest, DisabledComponentWritesNothing) {
  testing_support::CaptureSink* raw = nullptr;
  auto sink = std::make_shared<testing_support::CaptureSink>();
  raw = sink.get();
  log::Configure({.level = "info", .component_levels = {{"http", "off"}}, .sink = sink});
  Request request = SampleRequest();
  AccessLogMiddleware stage;
  HttpContext context{request};
  RunStage(stage, context, Answer(Response::Json(200, "{}")));
  EXPECT_TRUE(raw->Lines().empty());
  log::Configure({.level = "off"});
}

}  // namespace
}  // namespace rampart::api

namespace rampart::api {
namespace {

// log.access_probes = false: probes and successful scrapes stay out, everything else is logged.
TEST(AccessLogTest, ProbesCanBeLeftOut) {
  testing_support::LogCapture capture;
  const auto send = [](std::string route, int status) {
    Request request;
    request.method = Method::kGet;
    request.path = route;
    request.route = route;
    AccessLogMiddleware stage({.log_probes = false});
    HttpContext context{request};
    testing_support::RunStage(stage, context,
                              testing_support::Answer(Response::Json(status, "{}")));
  };
  send("/health/live", 200);
  send("/health/ready", 503);
  send("/metrics", 200);
  EXPECT_TRUE(capture.Lines().empty());
  send("/metrics", 401);  // a scraper with the wrong token is worth a line
  send("/api/v1/notes", 200);
  EXPECT_EQ(capture.Lines().size(), 2U);
}

}  // namespace
}  // namespace rampart::api
