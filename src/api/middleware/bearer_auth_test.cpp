#include "api/middleware/bearer_auth.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

namespace json = boost::json;
using testing_support::Answer;
using testing_support::HeaderOf;
using testing_support::LogCapture;
using testing_support::RunStage;

// A TokenService double: "admin-token" carries audit.read, "user-token" no permission,
// anything else is rejected with a reason the client must not see.
class FakeTokenService : public application::TokenService {
 public:
  application::IssuedAccessToken Issue(const application::AccessClaims&) override { return {}; }
  domain::Result<application::AccessClaims> Verify(std::string_view token) const override {
    ++calls;
    last_token = std::string(token);
    if (token == "admin-token") {
      return application::AccessClaims{.subject = "admin-1",
                                       .permissions = {"audit.read", "system.read"}};
    }
    if (token == "user-token") return application::AccessClaims{.subject = "user-1"};
    return domain::Fail(domain::Error::Unauthorized("signature mismatch for kid k-secret-detail"));
  }
  mutable int calls = 0;
  mutable std::string last_token;
};

class BearerAuthTest : public testing::Test {
 protected:
  Response Send(Access access, std::string authorization = "", std::string permission = "") {
    endpoint_ = Endpoint{.method = Method::kGet,
                         .route = "/api/v1/audit-events",
                         .access = access,
                         .permission = std::move(permission),
                         .handler = [](Request&) { return Response::NoContent(); }};
    request_ = Request{};
    request_.path = "/api/v1/audit-events";
    request_.route = endpoint_.route;
    request_.correlation_id = "c-2";
    if (!authorization.empty()) request_.headers = {{"authorization", std::move(authorization)}};
    next_called_ = false;
    BearerAuthMiddleware stage(tokens_);
    HttpContext context{request_, &endpoint_};
    return RunStage(stage, context, Answer(Response::Json(200, "{}"), &next_called_));
  }

  LogCapture capture_;
  FakeTokenService tokens_;
  Endpoint endpoint_;
  Request request_;
  bool next_called_ = false;
};

TEST_F(BearerAuthTest, PublicEndpointsNeedNoToken) {
  EXPECT_EQ(Send(Access::kPublic).status, 200);
  EXPECT_TRUE(next_called_);
  EXPECT_EQ(tokens_.calls, 0);
  EXPECT_FALSE(request_.principal);
}

TEST_F(BearerAuthTest, MissingTokenIs401WithoutErrorCode) {
  const Response response = Send(Access::kAuthenticated);
  EXPECT_EQ(response.status, 401);
  EXPECT_FALSE(next_called_);
  EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), "Bearer");
  const auto body = json::parse(response.body).as_object();
  EXPECT_EQ(body.at("type"), "/problems/unauthorized");
  EXPECT_EQ(body.at("traceId"), "c-2");
}

TEST_F(BearerAuthTest, OtherSchemesAre401InvalidToken) {
  for (const char* header : {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearertoken", "Bearer a b",
                             "Bearer t\x01k", "Token admin-token"}) {
    const Response response = Send(Access::kAuthenticated, header);
    EXPECT_EQ(response.status, 401) << header;
    EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), R"(Bearer error="invalid_token")") << header;
    EXPECT_FALSE(next_called_);
  }
  EXPECT_EQ(tokens_.calls, 0);
}

TEST_F(BearerAuthTest, InvalidTokenIs401WithAGenericReason) {
  const Response response = Send(Access::kAuthenticated, "Bearer forged.token.sig");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(tokens_.last_token, "forged.token.sig");
  EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), R"(Bearer error="invalid_token")");
  EXPECT_EQ(response.body.find("k-secret-detail"), std::string::npos);
  EXPECT_EQ(json::parse(response.body).at("detail"), "The access token is invalid or has expired.");
  EXPECT_FALSE(request_.principal);
  // Operators see why.
  const auto lines = capture_.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("k-secret-detail"), std::string::npos);
}

TEST_F(BearerAuthTest, ValidTokenSetsThePrincipal) {
  const Response response = Send(Access::kAuthenticated, "bEaReR   user-token");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(next_called_);
  ASSERT_TRUE(request_.principal);
  EXPECT_EQ(request_.principal->subject, "user-1");
}

TEST_F(BearerAuthTest, PermissionsAreLeftToTheEndpointGuard) {
  // The token's `perm` claim may be stale: the guard decides from the database, so a token
  // without the permission still reaches it (and one with it is still checked there).
  const Response response = Send(Access::kPermission, "Bearer user-token", "audit.read");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(next_called_);
  EXPECT_EQ(request_.principal->subject, "user-1");
}

TEST_F(BearerAuthTest, PermissionEndpointsStillNeedAValidToken) {
  EXPECT_EQ(Send(Access::kPermission, "", "audit.read").status, 401);
  EXPECT_EQ(Send(Access::kPermission, "Bearer forged", "audit.read").status, 401);
  EXPECT_FALSE(next_called_);
}

TEST(BearerTokenTest, Parsing) {
  EXPECT_EQ(BearerToken("Bearer abc.def-ghi_jkl"), "abc.def-ghi_jkl");
  EXPECT_EQ(BearerToken("bearer abc=="), "abc==");
  EXPECT_EQ(BearerToken("BEARER  abc  "), "abc");
  EXPECT_EQ(BearerToken("Bearer a=b"), "");
  EXPECT_EQ(BearerToken("Bearer ="), "");
  EXPECT_EQ(BearerToken("Bearer\tabc"), "");
  EXPECT_EQ(BearerToken(std::string("Bearer ") + std::string(9000, 'a')), "");
}

}  // namespace
}  // namespace rampart::api
