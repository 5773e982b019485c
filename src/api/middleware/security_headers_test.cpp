#include "api/middleware/security_headers.hpp"

#include <gtest/gtest.h>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

using testing_support::Answer;
using testing_support::HeaderOf;
using testing_support::RunStage;

TEST(SecurityHeaders, AddsHardeningHeadersToEveryResponse) {
  SecurityHeadersMiddleware stage;
  Request request;
  HttpContext context{request};
  auto response = RunStage(stage, context, Answer(Response::Json(404, "{}")));
  EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(response, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(response, "Referrer-Policy"), "no-referrer");
  EXPECT_NE(HeaderOf(response, "Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string_view::npos);
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
}

TEST(SecurityHeaders, KeepsACachingPolicyTheHandlerChose) {
  SecurityHeadersMiddleware stage;
  Request request;
  HttpContext context{request};
  auto cached = Response::Json(200, "{}");
  cached.SetHeader("Cache-Control", "public, max-age=300");
  auto response = RunStage(stage, context, Answer(cached));
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=300");
}

}  // namespace
}  // namespace rampart::api
