#include "api/middleware/error_boundary.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <stdexcept>

#include "api/middleware/pipeline_test_support.hpp"
#include "application/ports/dependency_unavailable.hpp"

namespace rampart::api {
namespace {

namespace json = boost::json;
using testing_support::Answer;
using testing_support::LogCapture;
using testing_support::RunStage;

Next Throwing(auto exception) {
  return [exception](HttpContext&) -> boost::asio::awaitable<Response> {
    throw exception;
    co_return Response{};
  };
}

Request SampleRequest() {
  Request request;
  request.method = Method::kPost;
  request.path = "/api/v1/things";
  request.route = "/api/v1/things";
  request.correlation_id = "trace-77";
  return request;
}

TEST(ErrorBoundaryTest, TurnsAnExceptionIntoA500ProblemWithTraceId) {
  LogCapture capture;
  Request request = SampleRequest();
  ErrorBoundaryMiddleware stage;
  HttpContext context{request};
  const Response response =
      RunStage(stage, context, Throwing(std::runtime_error("db password=hunter2 rejected")));

  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/internal");
  EXPECT_EQ(body.at("title"), "Internal server error");
  EXPECT_EQ(body.at("detail"), "An unexpected error occurred.");
  EXPECT_EQ(body.at("traceId"), "trace-77");
  EXPECT_EQ(body.at("instance"), "/api/v1/things");
  // The exception text goes to the log, never to the client.
  EXPECT_EQ(response.body.find("hunter2"), std::string::npos);

  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const auto line = json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("level"), "error");
  EXPECT_EQ(line.at("correlationId"), "trace-77");
  EXPECT_EQ(line.at("route"), "/api/v1/things");
  EXPECT_NE(line.at("error").as_string().find("rejected"), std::string::npos);
}

TEST(ErrorBoundaryTest, TurnsAnUnavailableDependencyIntoA503ProblemWithRetryAfter) {
  LogCapture capture;
  Request request = SampleRequest();
  ErrorBoundaryMiddleware stage;
  HttpContext context{request};
  const Response response = RunStage(
      stage, context,
      Throwing(application::DependencyUnavailable("database", "connect to 10.0.0.5 failed")));

  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/unavailable");
  EXPECT_EQ(body.at("status"), 503);
  EXPECT_EQ(body.at("traceId"), "trace-77");
  EXPECT_EQ(response.body.find("10.0.0.5"), std::string::npos);
  bool retry_after = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Retry-After") retry_after = value == "1";
  }
  EXPECT_TRUE(retry_after);

  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const auto line = json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("level"), "warn");
  EXPECT_EQ(line.at("dependency"), "database");
}

// The line joins the request's trace (issue 17: "dependency unavailable" lines had no ids).
TEST(ErrorBoundaryTest, TheDependencyLineCarriesTheRequestsTraceAndSpanIds) {
  LogCapture capture;
  Request request = SampleRequest();
  request.telemetry.trace_id = {.high = 0x0123456789abcdefULL, .low = 0x1122334455667788ULL};
  request.telemetry.span_id = 0x00f067aa0ba902b7ULL;
  ErrorBoundaryMiddleware stage;
  HttpContext context{request};
  RunStage(stage, context, Throwing(application::DependencyUnavailable("queue", "down")));
  const auto lines = capture.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const auto line = json::parse(lines[0]).as_object();
  ASSERT_TRUE(line.contains("trace_id")) << lines[0];
  EXPECT_EQ(line.at("trace_id"), "0123456789abcdef1122334455667788");
  EXPECT_EQ(line.at("span_id"), "00f067aa0ba902b7");
}

// During an outage every request fails the same way: the log gets one line per dependency and
// window, not one per request.
TEST(ErrorBoundaryTest, RepeatedDependencyFailuresAreCoalesced) {
  LogCapture capture;
  for (int i = 0; i < 20; ++i) {
    Request request = SampleRequest();
    ErrorBoundaryMiddleware stage;
    HttpContext context{request};
    EXPECT_EQ(RunStage(stage, context,
                       Throwing(application::DependencyUnavailable("secrets", "timed out")))
                  .status,
              503);
  }
  EXPECT_EQ(capture.Lines().size(), 1U);
}

TEST(ErrorBoundaryTest, CatchesNonStandardExceptions) {
  LogCapture capture;
  Request request = SampleRequest();
  ErrorBoundaryMiddleware stage;
  HttpContext context{request};
  const Response response = RunStage(stage, context, Throwing(42));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(capture.Lines().size(), 1u);
}

TEST(ErrorBoundaryTest, PassesNormalResponsesThrough) {
  LogCapture capture;
  Request request = SampleRequest();
  ErrorBoundaryMiddleware stage;
  HttpContext context{request};
  const Response response = RunStage(stage, context, Answer(Response::Json(201, "{\"ok\":true}")));
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "{\"ok\":true}");
  EXPECT_TRUE(capture.Lines().empty());
}

}  // namespace
}  // namespace rampart::api
