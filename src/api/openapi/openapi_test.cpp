#include "api/openapi/openapi.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace rampart::api {
namespace {

namespace json = boost::json;

Endpoint Declared(Method method, std::string route, std::string operation_id,
                  Access access = Access::kPublic) {
  return {.method = method,
          .route = std::move(route),
          .access = access,
          .doc = {.operation_id = std::move(operation_id),
                  .summary = "An operation",
                  .responses = {{200, "OK.", ""}}}};
}

json::object Build(const std::vector<Endpoint>& endpoints) {
  return json::parse(BuildOpenApiDocument(endpoints, {.version = "1"})).as_object();
}

TEST(OpenApiDocument, NamesEachOperationByItsDeclaredOperationId) {
  const auto document = Build({Declared(Method::kPost, "/api/v1/auth/register", "registerUser"),
                               Declared(Method::kGet, "/api/v1/users", "listUsers")});
  EXPECT_EQ(document.at("paths").at("/api/v1/auth/register").at("post").at("operationId"),
            "registerUser");
  EXPECT_EQ(document.at("paths").at("/api/v1/users").at("get").at("operationId"), "listUsers");
}

TEST(OpenApiDocument, RefusesARepeatedOperationId) {
  EXPECT_THROW(
      Build({Declared(Method::kGet, "/a", "getThing"), Declared(Method::kPost, "/b", "getThing")}),
      std::invalid_argument);
}

TEST(OpenApiDocument, RefusesAMissingOrNonUrlSafeOperationId) {
  for (const std::string id : {"", "post/api/v1/auth/register", "register-user", "RegisterUser",
                               "register user", "1register", "régister"}) {
    EXPECT_THROW(Build({Declared(Method::kPost, "/api/v1/auth/register", id)}),
                 std::invalid_argument)
        << id;
  }
}

TEST(OpenApiDocument, PublicOperationsDeclareNoSecurityExplicitly) {
  const auto document =
      Build({Declared(Method::kGet, "/health/live", "healthLive"),
             Declared(Method::kGet, "/api/v1/users/me", "getMe", Access::kAuthenticated)});
  const auto& paths = document.at("paths");
  EXPECT_EQ(paths.at("/health/live").at("get").at("security"), json::array{});
  EXPECT_EQ(paths.at("/api/v1/users/me").at("get").at("security").as_array().size(), 2U);
}

TEST(OpenApiDocument, NamesARelativeServer) {
  const auto document = Build({Declared(Method::kGet, "/health/live", "healthLive")});
  EXPECT_EQ(document.at("servers").at(0).at("url"), "/");
}

}  // namespace
}  // namespace rampart::api
