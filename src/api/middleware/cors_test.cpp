#include "api/middleware/cors.hpp"

#include <gtest/gtest.h>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

using testing_support::Answer;
using testing_support::HeaderOf;
using testing_support::RunStage;

CorsPolicy AppPolicy(bool credentials = true) {
  return {.origins = {"https://app.example.com", "http://localhost:3000"},
          .methods = {"GET", "POST"},
          .headers = {"Authorization", "Content-Type"},
          .expose_headers = {"X-Correlation-Id"},
          .credentials = credentials,
          .max_age = std::chrono::seconds(600)};
}

Request From(std::string_view origin, Method method = Method::kGet) {
  Request request;
  request.method = method;
  if (!origin.empty()) request.headers.emplace_back("origin", std::string(origin));
  return request;
}

Response Pass(CorsMiddleware& stage, Request& request, bool* called = nullptr) {
  HttpContext context{request};
  return RunStage(stage, context, Answer(Response::Json(200, "{}"), called));
}

TEST(Cors, AnswersAPreflightFromAnAllowedOrigin) {
  CorsMiddleware stage(AppPolicy());
  Request request = From("https://app.example.com", Method::kOptions);
  request.headers.emplace_back("access-control-request-method", "POST");
  request.headers.emplace_back("access-control-request-headers", "authorization");
  bool called = false;
  const Response response = Pass(stage, request, &called);
  EXPECT_FALSE(called) << "the preflight is answered here, not routed";
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Methods"), "GET, POST");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Headers"), "Authorization, Content-Type");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Max-Age"), "600");
  EXPECT_NE(HeaderOf(response, "Vary").find("Origin"), std::string_view::npos);
}

TEST(Cors, AllowsTheActualRequestAndExposesHeaders) {
  CorsMiddleware stage(AppPolicy());
  Request request = From("http://localhost:3000");
  const Response response = Pass(stage, request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Expose-Headers"), "X-Correlation-Id");
  EXPECT_EQ(HeaderOf(response, "Vary"), "Origin");
}

TEST(Cors, ADisallowedOriginGetsNoCorsHeaders) {
  CorsMiddleware stage(AppPolicy());
  for (std::string_view origin : {"https://evil.example.com", "https://app.example.com.evil.com",
                                  "https://APP.example.com", "http://app.example.com", "null"}) {
    Request preflight = From(origin, Method::kOptions);
    preflight.headers.emplace_back("access-control-request-method", "POST");
    bool called = false;
    const Response response = Pass(stage, preflight, &called);
    EXPECT_TRUE(called) << origin << ": not answered as a preflight";
    for (const auto& [name, value] : response.headers) {
      EXPECT_FALSE(name.starts_with("Access-Control-")) << origin << ": " << name;
    }
    EXPECT_EQ(HeaderOf(response, "Vary"), "Origin");
  }
}

TEST(Cors, NoOriginNoCorsHeadersButVary) {
  CorsMiddleware stage(AppPolicy());
  Request request = From("");
  auto handler_response = Response::Json(200, "{}");
  handler_response.SetHeader("Vary", "Accept-Encoding");
  HttpContext context{request};
  const Response response = RunStage(stage, context, Answer(handler_response));
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "");
  EXPECT_EQ(HeaderOf(response, "Vary"), "Accept-Encoding, Origin");
}

TEST(Cors, WildcardWithoutCredentialsAnswersStar) {
  CorsPolicy policy = AppPolicy(false);
  policy.origins = {"*"};
  CorsMiddleware stage(policy);
  Request request = From("https://anything.example.org");
  const Response response = Pass(stage, request);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Credentials"), "");
}

TEST(Cors, WildcardWithCredentialsReflectsTheOrigin) {
  CorsPolicy policy = AppPolicy(true);
  policy.origins = {"*"};
  CorsMiddleware stage(policy);
  Request request = From("https://anything.example.org");
  const Response response = Pass(stage, request);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "https://anything.example.org");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Credentials"), "true");
}

}  // namespace
}  // namespace rampart::api
