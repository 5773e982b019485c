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
  const auto document = Build({Declared(Method::kPost, "/api/v1/notes", "createNote"),
                               Declared(Method::kGet, "/api/v1/audit-events", "listAuditEvents")});
  EXPECT_EQ(document.at("paths").at("/api/v1/notes").at("post").at("operationId"), "createNote");
  EXPECT_EQ(document.at("paths").at("/api/v1/audit-events").at("get").at("operationId"),
            "listAuditEvents");
}

TEST(OpenApiDocument, RefusesARepeatedOperationId) {
  EXPECT_THROW(
      Build({Declared(Method::kGet, "/a", "getThing"), Declared(Method::kPost, "/b", "getThing")}),
      std::invalid_argument);
}

TEST(OpenApiDocument, RefusesAMissingOrNonUrlSafeOperationId) {
  for (const std::string id : {"", "post/api/v1/notes", "create-note", "CreateNote",
                               "create note", "1create", "créate"}) {
    EXPECT_THROW(Build({Declared(Method::kPost, "/api/v1/notes", id)}),
                 std::invalid_argument)
        << id;
  }
}

TEST(OpenApiDocument, PublicOperationsDeclareNoSecurityExplicitly) {
  const auto document =
      Build({Declared(Method::kGet, "/health/live", "healthLive"),
             Declared(Method::kGet, "/api/v1/notes", "listNotes", Access::kAuthenticated)});
  const auto& paths = document.at("paths");
  EXPECT_EQ(paths.at("/health/live").at("get").at("security"), json::array{});
  // rampart:begin(iam)
  // An access token or an API key.
  EXPECT_EQ(paths.at("/api/v1/notes").at("get").at("security").as_array().size(), 2U);
  // rampart:else
  // EXPECT_EQ(paths.at("/api/v1/notes").at("get").at("security").as_array().size(), 1U);
  // rampart:end
}

// CreateNoteRequest (schemas.cpp): title (required), body.
Endpoint ReadingBody(std::vector<OpenApiField> fields) {
  auto endpoint = Declared(Method::kPost, "/api/v1/notes", "createNote");
  endpoint.doc.request_schema_ref = "CreateNoteRequest";
  endpoint.doc.request_fields = [fields] { return fields; };
  return endpoint;
}

TEST(OpenApiDocument, AcceptsABinderThatReadsWhatTheRequestSchemaDeclares) {
  EXPECT_NO_THROW(Build({ReadingBody({{"title", "string", true}, {"body", "string", false}})}));
}

TEST(OpenApiDocument, RefusesABinderAndARequestSchemaThatDisagree) {
  const std::vector<std::vector<OpenApiField>> wrong = {
      // a field the schema lacks
      {{"title", "string", true}, {"body", "string", false}, {"colour", "string", false}},
      // a schema property no binder reads
      {{"title", "string", true}},
      // read as another type
      {{"title", "string", true}, {"body", "boolean", false}},
      // required by the binder, optional in the schema
      {{"title", "string", true}, {"body", "string", true}},
  };
  for (const auto& fields : wrong) {
    EXPECT_THROW(Build({ReadingBody(fields)}), std::invalid_argument) << fields.back().name;
  }
  auto no_schema = ReadingBody({{"title", "string", true}});
  no_schema.doc.request_schema_ref.clear();
  EXPECT_THROW(Build({no_schema}), std::invalid_argument);
}

TEST(OpenApiDocument, NamesARelativeServer) {
  const auto document = Build({Declared(Method::kGet, "/health/live", "healthLive")});
  EXPECT_EQ(document.at("servers").at(0).at("url"), "/");
}

}  // namespace
}  // namespace rampart::api
