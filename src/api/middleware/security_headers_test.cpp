#include "api/middleware/security_headers.hpp"

#include <gtest/gtest.h>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

using testing_support::AllHeaders;
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
  EXPECT_EQ(HeaderOf(response, "Cross-Origin-Resource-Policy"), "same-origin");
  EXPECT_EQ(HeaderOf(response, "Strict-Transport-Security"), "") << "plain HTTP: no HSTS";
  EXPECT_EQ(HeaderOf(response, "Server"), "");
}

TEST(SecurityHeaders, SendsHstsWhenServedOverTls) {
  SecurityHeadersMiddleware stage({.hsts = true});
  Request request;
  HttpContext context{request};
  auto response = RunStage(stage, context, Answer(Response::Json(200, "{}")));
  EXPECT_EQ(HeaderOf(response, "Strict-Transport-Security"), "max-age=63072000");
}

TEST(SecurityHeaders, EachHeaderOnce) {
  SecurityHeadersMiddleware stage;
  Request request;
  HttpContext context{request};
  auto response = RunStage(stage, context, Answer(Response::Json(200, "{}")));
  const auto all = AllHeaders(response);
  EXPECT_GE(all.size(), 6u);
  for (const auto& [name, value] : all) {
    int count = 0;
    for (const auto& [other, ignored] : all) count += other == name;
    EXPECT_EQ(count, 1) << name;
  }
}

TEST(SecurityHeaders, KeepsTheDocsPolicyOfTheHandlerOnceAndDeniesAllOtherwise) {
  SecurityHeadersMiddleware stage;
  Request request;
  HttpContext context{request};
  Response page{200, "text/html; charset=utf-8", "<!doctype html>", {}};
  page.SetHeader("Content-Security-Policy", std::string(kDocsContentSecurityPolicy));
  auto response = RunStage(stage, context, Answer(page));
  int policies = 0;
  for (const auto& [name, value] : AllHeaders(response)) {
    policies += name == "Content-Security-Policy";
  }
  EXPECT_EQ(policies, 1);
  EXPECT_EQ(HeaderOf(response, "Content-Security-Policy"), kDocsContentSecurityPolicy);
  EXPECT_EQ(HeaderOf(response, "X-Frame-Options"), "DENY");

  auto other = RunStage(stage, context, Answer(Response::Json(200, "{}")));
  EXPECT_EQ(HeaderOf(other, "Content-Security-Policy"),
            "default-src 'none'; frame-ancestors 'none'");
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
