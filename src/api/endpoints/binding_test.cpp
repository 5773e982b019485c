#include "api/endpoints/binding.hpp"

#include <gtest/gtest.h>

#include "api/endpoints/request_test_support.hpp"

namespace rampart::api {
namespace {

using testing::JsonRequest;

TEST(Input, ReadsPathQueryAndBodyFields) {
  const auto request = JsonRequest(R"({"name":"ops","tags":["a","b"],"on":true,"none":null})",
                                   {{"id", "r-1"}}, "search=a%20b");
  Input in(request);
  EXPECT_EQ(in.Path("id"), "r-1");
  EXPECT_EQ(in.Query("search"), "a b");
  EXPECT_EQ(in.Query("absent"), std::nullopt);
  EXPECT_EQ(in.Required("name", "Name"), "ops");
  EXPECT_EQ(in.Strings("tags", "Tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(in.Bool("on", "On"), true);
  EXPECT_EQ(in.Optional("none", "None"), std::nullopt);
  EXPECT_EQ(in.Optional("absent", "Absent"), std::nullopt);
  EXPECT_FALSE(in.Refusal());
  EXPECT_TRUE(in.Errors().empty());
}

TEST(Input, NamesEveryBadFieldInOrder) {
  const auto request = JsonRequest(R"({"name":"","tags":["a",3],"on":"yes","note":7})");
  Input in(request);
  (void)in.Required("name", "Name");
  (void)in.Required("missing", "Missing");
  (void)in.Strings("tags", "Tags");
  (void)in.Bool("on", "On");
  (void)in.Optional("note", "Note");
  (void)in.RequiredStrings("list", "List");
  const auto& errors = in.Errors();
  ASSERT_EQ(errors.size(), 6u);
  EXPECT_EQ(errors[0].field, "name");
  EXPECT_EQ(errors[0].message, "Name is required.");
  EXPECT_EQ(errors[1].message, "Missing is required.");
  EXPECT_EQ(errors[2].message, "Tags must be an array of strings.");
  EXPECT_EQ(errors[3].message, "On must be true or false.");
  EXPECT_EQ(errors[4].message, "Note must be a string.");
  EXPECT_EQ(errors[5].field, "list");
  EXPECT_EQ(errors[5].message, "List is required.");
}

TEST(Input, RefusesABodyThatIsNotAJsonObject) {
  auto request = JsonRequest("[1]");
  Input in(request);
  (void)in.Required("name", "Name");
  ASSERT_TRUE(in.Refusal());
  EXPECT_EQ(in.Refusal()->status, 400);

  request.headers = {{"content-type", "text/plain"}};
  Input plain(request);
  (void)plain.Optional("name", "Name");
  ASSERT_TRUE(plain.Refusal());
  EXPECT_EQ(plain.Refusal()->status, 415);
}

TEST(Input, LeavesTheBodyAloneWhenNoBodyFieldIsRead) {
  auto request = JsonRequest("not json", {{"id", "7"}});
  Input in(request);
  EXPECT_EQ(in.Path("id"), "7");
  EXPECT_FALSE(in.Refusal());
}

TEST(Input, DescribingRecordsTheBodyFieldsRead) {
  auto in = Input::Describing();
  (void)in.Required("email", "Email");
  (void)in.Optional("displayName", "Display name");
  (void)in.Strings("roles", "Roles");
  (void)in.RequiredStrings("permissions", "Permissions");
  (void)in.Bool("disabled", "Disabled");
  EXPECT_EQ(in.Path("id"), "");
  const auto& fields = in.Fields();
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[0].name, "email");
  EXPECT_EQ(fields[0].type, "string");
  EXPECT_TRUE(fields[0].required);
  EXPECT_FALSE(fields[1].required);
  EXPECT_EQ(fields[2].type, "array");
  EXPECT_TRUE(fields[3].required);
  EXPECT_EQ(fields[3].type, "array");
  EXPECT_EQ(fields[4].type, "boolean");
  EXPECT_FALSE(in.Refusal());
}

TEST(RequireAs, TakesTheAccessRuleFromTheUseCase) {
  Endpoint endpoint{.route = "/x"};
  RequireAs(endpoint, application::Requirement::Permission("roles.read"));
  EXPECT_EQ(endpoint.access, Access::kPermission);
  EXPECT_EQ(endpoint.permission, "roles.read");

  Endpoint self{.route = "/me"};
  auto users_only = application::Requirement::SignedInPrincipal();
  users_only.service_accounts = false;
  RequireAs(self, users_only);
  EXPECT_EQ(self.access, Access::kAuthenticated);
  EXPECT_FALSE(self.service_accounts);

  Endpoint keys{.route = "/keys"};
  RequireAs(keys, application::Requirement::SignedInPrincipal());
  EXPECT_TRUE(keys.service_accounts);
  EXPECT_TRUE(keys.api_keys);
  RequireAs(keys, application::Requirement::SignedInPrincipal().WithoutApiKeys());
  EXPECT_FALSE(keys.api_keys);

  Endpoint open{.route = "/open"};
  RequireAs(open, application::Requirement::Public());
  EXPECT_EQ(open.access, Access::kPublic);

  Endpoint system{.route = "/system"};
  EXPECT_THROW(RequireAs(system, application::Requirement::System()), std::logic_error);
}

TEST(FieldErrors, NamesTheBindersErrorsThenTheValidationsOtherFields) {
  const auto error = FieldErrors({{"name", "Name is required."}},
                                 {{"name", "Too short."}, {"permissions[0]", "Unknown."}});
  ASSERT_EQ(error.fields.size(), 2u);
  EXPECT_EQ(error.fields[0].message, "Name is required.");
  EXPECT_EQ(error.fields[1].field, "permissions[0]");
}

TEST(Created, Answers201WithTheLocationAndNoStore) {
  const auto response = Created(boost::json::object{{"id", "1"}}, "/api/v1/widgets/1");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"id":"1"})");
  EXPECT_EQ(response.headers,
            (Headers{{"Cache-Control", "no-store"}, {"Location", "/api/v1/widgets/1"}}));
}

}  // namespace
}  // namespace rampart::api
