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

// CreateRoleRequest (schemas.cpp): name (required), description, permissions (array).
Endpoint ReadingBody(std::vector<OpenApiField> fields) {
  auto endpoint = Declared(Method::kPost, "/api/v1/roles", "createRole");
  endpoint.doc.request_schema_ref = "CreateRoleRequest";
  endpoint.doc.request_fields = [fields] { return fields; };
  return endpoint;
}

TEST(OpenApiDocument, AcceptsABinderThatReadsWhatTheRequestSchemaDeclares) {
  EXPECT_NO_THROW(Build({ReadingBody({{"name", "string", true},
                                      {"description", "string", false},
                                      {"permissions", "array", false}})}));
}

TEST(OpenApiDocument, RefusesABinderAndARequestSchemaThatDisagree) {
  const std::vector<std::vector<OpenApiField>> wrong = {
      // a field the schema lacks
      {{"name", "string", true}, {"description", "string", false},
       {"permissions", "array", false}, {"colour", "string", false}},
      // a schema property no binder reads
      {{"name", "string", true}, {"description", "string", false}},
      // read as another type
      {{"name", "string", true}, {"description", "boolean", false},
       {"permissions", "array", false}},
      // required by the binder, optional in the schema
      {{"name", "string", true}, {"description", "string", true},
       {"permissions", "array", false}},
  };
  for (const auto& fields : wrong) {
    EXPECT_THROW(Build({ReadingBody(fields)}), std::invalid_argument) << fields.back().name;
  }
  auto no_schema = ReadingBody({{"name", "string", true}});
  no_schema.doc.request_schema_ref.clear();
  EXPECT_THROW(Build({no_schema}), std::invalid_argument);
}

TEST(OpenApiDocument, NamesARelativeServer) {
  const auto document = Build({Declared(Method::kGet, "/health/live", "healthLive")});
  EXPECT_EQ(document.at("servers").at(0).at("url"), "/");
}

}  // namespace
}  // namespace rampart::api
