#include "api/http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace rampart::api {
namespace {

using testing::ElementsAre;
using testing::Pair;
using Status = Router::MatchStatus;

Endpoint Route(Method method, std::string route) {
  Endpoint endpoint;
  endpoint.method = method;
  endpoint.route = std::move(route);
  endpoint.handler = [](Request&) { return Response::NoContent(); };
  return endpoint;
}

class RouterTest : public testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Route(Method::kGet, "/api/v1/widgets"));
    router_.Add(Route(Method::kPost, "/api/v1/widgets"));
    router_.Add(Route(Method::kGet, "/api/v1/widgets/mine"));
    router_.Add(Route(Method::kPatch, "/api/v1/widgets/mine"));
    router_.Add(Route(Method::kGet, "/api/v1/widgets/{id}"));
    router_.Add(Route(Method::kDelete, "/api/v1/widgets/{id}"));
    router_.Add(Route(Method::kPut, "/api/v1/widgets/{id}/tags"));
    router_.Add(Route(Method::kDelete, "/api/v1/widgets/{widgetId}/parts/{partId}"));
    router_.Add(Route(Method::kGet, "/"));
    router_.Add(Route(Method::kHead, "/health/live"));
    router_.Add(Route(Method::kGet, "/health/live"));
  }
  Router router_;
};

TEST_F(RouterTest, FindsLiteralRoutes) {
  const auto match = router_.Find(Method::kPost, "/api/v1/widgets");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_EQ(match.endpoint->method, Method::kPost);
  EXPECT_EQ(match.endpoint->route, "/api/v1/widgets");
  EXPECT_TRUE(match.params.empty());
  EXPECT_EQ(router_.Find(Method::kGet, "/").status, Status::kFound);
}

TEST_F(RouterTest, CapturesParameters) {
  const auto match = router_.Find(Method::kDelete, "/api/v1/widgets/42/parts/abc-def");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_EQ(match.endpoint->route, "/api/v1/widgets/{widgetId}/parts/{partId}");
  EXPECT_THAT(match.params, ElementsAre(Pair("widgetId", "42"), Pair("partId", "abc-def")));
}

// RFC 9562: UUIDs are case-insensitive on input; ids are stored lower-case.
TEST_F(RouterTest, BindsAUuidParameterInLowerCase) {
  const auto match = router_.Find(Method::kDelete,
                                  "/api/v1/widgets/7C9E6679-7425-40DE-944B-E07FC1F90AE7/parts/"
                                  "ABCDEF01-2345-6789-ABCD-EF0123456789");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_THAT(match.params, ElementsAre(Pair("widgetId", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                                        Pair("partId", "abcdef01-2345-6789-abcd-ef0123456789")));
  // Anything that is not a UUID keeps its case.
  EXPECT_THAT(
      router_.Find(Method::kGet, "/api/v1/widgets/ABCDEF01-2345-6789-ABCD-EF012345678G").params,
      ElementsAre(Pair("id", "ABCDEF01-2345-6789-ABCD-EF012345678G")));
  EXPECT_THAT(
      router_.Find(Method::kGet, "/api/v1/widgets/ABCDEF0123456789ABCDEF0123456789ABCD").params,
      ElementsAre(Pair("id", "ABCDEF0123456789ABCDEF0123456789ABCD")));
}

TEST_F(RouterTest, LiteralSegmentsWinOverParameters) {
  const auto me = router_.Find(Method::kGet, "/api/v1/widgets/mine");
  ASSERT_EQ(me.status, Status::kFound);
  EXPECT_EQ(me.endpoint->route, "/api/v1/widgets/mine");
  EXPECT_TRUE(me.params.empty());

  const auto other = router_.Find(Method::kGet, "/api/v1/widgets/mINE");
  ASSERT_EQ(other.status, Status::kFound);
  EXPECT_EQ(other.endpoint->route, "/api/v1/widgets/{id}");
  EXPECT_THAT(other.params, ElementsAre(Pair("id", "mINE")));
}

TEST_F(RouterTest, BacktracksFromALiteralToAParameter) {
  // "mine" is a literal child, but only {id} has a /tags child.
  const auto match = router_.Find(Method::kPut, "/api/v1/widgets/mine/tags");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_EQ(match.endpoint->route, "/api/v1/widgets/{id}/tags");
  EXPECT_THAT(match.params, ElementsAre(Pair("id", "mine")));
}

TEST_F(RouterTest, MethodOnlyOnTheParameterRouteIsFoundThere) {
  // DELETE exists for {id} but not for the literal "mine".
  const auto match = router_.Find(Method::kDelete, "/api/v1/widgets/mine");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_EQ(match.endpoint->route, "/api/v1/widgets/{id}");
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/nothing").status, Status::kNotFound);
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1").status, Status::kNotFound);
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/widgets/1/2/3").status, Status::kNotFound);
  EXPECT_EQ(router_.Find(Method::kGet, "").status, Status::kNotFound);
  EXPECT_EQ(router_.Find(Method::kGet, "api/v1/widgets").status, Status::kNotFound);
}

TEST_F(RouterTest, TrailingSlashIsADifferentPath) {
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/widgets/").status, Status::kNotFound);
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/widgets//tags").status, Status::kNotFound);
  EXPECT_EQ(router_.Find(Method::kGet, "//api/v1/widgets").status, Status::kNotFound);
}

TEST_F(RouterTest, ParameterNeedsANonEmptySegment) {
  EXPECT_EQ(router_.Find(Method::kPut, "/api/v1/widgets//tags").status, Status::kNotFound);
}

TEST_F(RouterTest, WrongMethodIsMethodNotAllowedWithEveryAllowedMethod) {
  const auto match = router_.Find(Method::kDelete, "/api/v1/widgets");
  ASSERT_EQ(match.status, Status::kMethodNotAllowed);
  EXPECT_EQ(match.endpoint, nullptr);
  EXPECT_THAT(match.allowed, ElementsAre(Method::kGet, Method::kHead, Method::kPost));
  EXPECT_EQ(AllowHeaderValue(match.allowed), "GET, HEAD, POST");
  EXPECT_EQ(match.route, "/api/v1/widgets");
}

TEST_F(RouterTest, AllowedMethodsUnionLiteralAndParameterRoutes) {
  const auto match = router_.Find(Method::kPost, "/api/v1/widgets/mine");
  ASSERT_EQ(match.status, Status::kMethodNotAllowed);
  EXPECT_THAT(match.allowed,
              ElementsAre(Method::kGet, Method::kHead, Method::kPatch, Method::kDelete));
}

TEST_F(RouterTest, UnknownMethodOnAKnownPathIsMethodNotAllowed) {
  const auto match = router_.Find(Method::kUnknown, "/api/v1/widgets/mine/tags");
  ASSERT_EQ(match.status, Status::kMethodNotAllowed);
  EXPECT_THAT(match.allowed, ElementsAre(Method::kPut));
  EXPECT_EQ(router_.Find(Method::kUnknown, "/nope").status, Status::kNotFound);
}

TEST_F(RouterTest, HeadIsServedByGet) {
  const auto match = router_.Find(Method::kHead, "/api/v1/widgets/7");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_EQ(match.endpoint->method, Method::kGet);
  EXPECT_THAT(match.params, ElementsAre(Pair("id", "7")));
}

TEST_F(RouterTest, ExplicitHeadRouteWinsOverGet) {
  const auto match = router_.Find(Method::kHead, "/health/live");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_EQ(match.endpoint->method, Method::kHead);
}

TEST_F(RouterTest, PercentDecodedSegmentsArriveVerbatim) {
  // The server percent-decodes the path before routing: "caf%C3%A9 x" arrives as "café x".
  const auto match = router_.Find(Method::kGet, "/api/v1/widgets/caf\xC3\xA9 x");
  ASSERT_EQ(match.status, Status::kFound);
  EXPECT_THAT(match.params, ElementsAre(Pair("id", "caf\xC3\xA9 x")));
  // A literal is matched on its decoded form as well.
  EXPECT_EQ(router_.Find(Method::kGet, "/api/v1/widgets/mine").endpoint->route,
            "/api/v1/widgets/mine");
}

TEST_F(RouterTest, DuplicateRouteIsAStartupError) {
  EXPECT_THROW(router_.Add(Route(Method::kGet, "/api/v1/widgets")), std::logic_error);
  // Same shape with another parameter name is the same route.
  EXPECT_THROW(router_.Add(Route(Method::kGet, "/api/v1/widgets/{widgetId}")), std::logic_error);
  // Another method on the same shape is fine.
  EXPECT_NO_THROW(router_.Add(Route(Method::kPatch, "/api/v1/widgets/{widgetId}")));
}

TEST_F(RouterTest, MalformedTemplatesAreRejected) {
  Router router;
  EXPECT_THROW(router.Add(Route(Method::kGet, "no-slash")), std::logic_error);
  EXPECT_THROW(router.Add(Route(Method::kGet, "/widgets/{id")), std::logic_error);
  EXPECT_THROW(router.Add(Route(Method::kGet, "/widgets/x{id}")), std::logic_error);
  EXPECT_THROW(router.Add(Route(Method::kGet, "/widgets/{id}/{id}")), std::logic_error);
  EXPECT_THROW(router.Add(Route(Method::kUnknown, "/widgets")), std::logic_error);
  Endpoint no_permission = Route(Method::kGet, "/admin");
  no_permission.access = Access::kPermission;
  EXPECT_THROW(router.Add(std::move(no_permission)), std::logic_error);
  Endpoint no_handler = Route(Method::kGet, "/x");
  no_handler.handler = nullptr;
  EXPECT_THROW(router.Add(std::move(no_handler)), std::logic_error);
}

TEST_F(RouterTest, EndpointsListsEveryRegistration) { EXPECT_EQ(router_.Endpoints().size(), 11u); }

}  // namespace
}  // namespace rampart::api
