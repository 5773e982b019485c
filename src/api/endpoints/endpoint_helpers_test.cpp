#include "api/endpoints/endpoint_helpers.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace rampart::api {
namespace {

TEST(IdOf, IsTheIdPathParameter) {
  Request request;
  request.path_params = {{"other", "x"}, {"id", "7c9e6679"}};
  EXPECT_EQ(IdOf(request), "7c9e6679");
  EXPECT_EQ(IdOf(Request{}), "");
}

TEST(NoStore, MarksTheResponseNoStoreAndKeepsTheRest) {
  const auto response = NoStore(Response::Json(201, "{}"));
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "{}");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].first, "Cache-Control");
  EXPECT_EQ(response.headers[0].second, "no-store");
}

TEST(StringArray, ReadsAnArrayOfStringsAndTreatsAbsentOrNullAsNone) {
  const auto body = boost::json::parse(R"({"roles":["a","b"],"none":null,"empty":[]})").as_object();
  std::vector<domain::FieldError> errors;
  EXPECT_EQ(StringArray(body, "roles", "role names", errors),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(StringArray(body, "empty", "role names", errors), std::vector<std::string>{});
  EXPECT_EQ(StringArray(body, "none", "role names", errors), std::nullopt);
  EXPECT_EQ(StringArray(body, "absent", "role names", errors), std::nullopt);
  EXPECT_TRUE(errors.empty());
}

TEST(StringArray, NamesTheFieldAndItsItemsWhenItIsSomethingElse) {
  const auto body =
      boost::json::parse(R"({"roles":"admin","permissions":["users.read",3]})").as_object();
  std::vector<domain::FieldError> errors;
  EXPECT_EQ(StringArray(body, "roles", "role names", errors), std::nullopt);
  EXPECT_EQ(StringArray(body, "permissions", "permission names", errors), std::nullopt);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "roles");
  EXPECT_EQ(errors[0].message, "Must be an array of role names.");
  EXPECT_EQ(errors[1].field, "permissions");
  EXPECT_EQ(errors[1].message, "Must be an array of permission names.");
}

TEST(ReaderErrors, AreTheFieldReadersErrorsOrNone) {
  const auto body = boost::json::parse(R"({"name":"x"})").as_object();
  FieldReader good(body);
  good.Required("name", "Name");
  EXPECT_TRUE(ReaderErrors(good).empty());
  FieldReader bad(body);
  bad.Required("email", "Email");
  ASSERT_EQ(ReaderErrors(bad).size(), 1u);
  EXPECT_EQ(ReaderErrors(bad)[0].field, "email");
}

TEST(MergeFieldErrors, KeepsTheReadersErrorsFirstAndAddsOnlyUnnamedValidationFields) {
  const auto error = MergeFieldErrors({{"email", "Email is required."}},
                                      {{"email", "Not an address."}, {"password", "Too short."}});
  EXPECT_EQ(error.code, domain::ErrorCode::kValidation);
  ASSERT_EQ(error.fields.size(), 2u);
  EXPECT_EQ(error.fields[0].field, "email");
  EXPECT_EQ(error.fields[0].message, "Email is required.");
  EXPECT_EQ(error.fields[1].field, "password");
}

TEST(Forbidden, DocumentsThe403OfAPermission) {
  const auto response = Forbidden("users.read");
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.description, "The caller lacks `users.read`.");
}

}  // namespace
}  // namespace rampart::api
