#include "api/middleware/correlation_id.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

using testing_support::Answer;
using testing_support::HeaderOf;
using testing_support::RunStage;

const std::regex kUuidV4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

Response Through(Request& request, Response inner = Response::Json(200, "{}")) {
  CorrelationIdMiddleware stage;
  HttpContext context{request};
  return RunStage(stage, context, Answer(std::move(inner)));
}

TEST(CorrelationIdTest, EchoesAValidIncomingId) {
  Request request;
  request.headers = {{"x-correlation-id", "abc-123_X.y"}};
  const Response response = Through(request);
  EXPECT_EQ(request.correlation_id, "abc-123_X.y");
  EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), "abc-123_X.y");
}

TEST(CorrelationIdTest, GeneratesAUuidWhenNoneIsSent) {
  Request request;
  const Response response = Through(request);
  EXPECT_TRUE(std::regex_match(request.correlation_id, kUuidV4)) << request.correlation_id;
  EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), request.correlation_id);
}

TEST(CorrelationIdTest, ReplacesUnsafeIds) {
  for (const std::string& hostile :
       {std::string("<script>alert(1)</script>"), std::string(129, 'x'),
        std::string("id with spaces"), std::string("\"quoted\""),
        std::string("a\r\nSet-Cookie: x=1"), std::string("caf\xC3\xA9")}) {
    Request request;
    request.headers = {{"x-correlation-id", hostile}};
    const Response response = Through(request);
    EXPECT_NE(request.correlation_id, hostile);
    EXPECT_TRUE(std::regex_match(request.correlation_id, kUuidV4));
    EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), request.correlation_id);
  }
}

TEST(CorrelationIdTest, AcceptsTheLongestAllowedId) {
  Request request;
  request.headers = {{"x-correlation-id", std::string(128, 'a')}};
  Through(request);
  EXPECT_EQ(request.correlation_id, std::string(128, 'a'));
}

TEST(CorrelationIdTest, IsOnErrorResponsesAndReplacesOneSetInside) {
  Request request;
  request.headers = {{"x-correlation-id", "outer"}};
  Response inner = Response::Json(404, "{}");
  inner.SetHeader("x-correlation-id", "forged");
  const Response response = Through(request, inner);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(HeaderOf(response, "X-Correlation-Id"), "outer");
  EXPECT_EQ(response.headers.size(), 1u);
}

TEST(CorrelationIdTest, GeneratedIdsAreDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(NewCorrelationId());
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(CorrelationIdTest, Validation) {
  EXPECT_TRUE(IsValidCorrelationId("a"));
  EXPECT_FALSE(IsValidCorrelationId(""));
  EXPECT_FALSE(IsValidCorrelationId("a/b"));
  EXPECT_FALSE(IsValidCorrelationId(std::string_view("a\0b", 3)));
  EXPECT_EQ(CorrelationIdFor("ok-1"), "ok-1");
  EXPECT_NE(CorrelationIdFor("not ok"), "not ok");
}

}  // namespace
}  // namespace rampart::api
