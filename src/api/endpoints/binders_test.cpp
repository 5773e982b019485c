// Each binder of the route tables, without a server: what it reads and what it names as wrong.
#include "api/endpoints/binders.hpp"

#include <gtest/gtest.h>

#include "api/endpoints/request_test_support.hpp"

namespace rampart::api {
namespace {

using testing::JsonRequest;

// Bound is the command `bind` reads from `request`, and the names of the fields it found bad.
template <class Command>
std::pair<Command, std::vector<std::string>> Bound(Binder<Command> bind, const Request& request) {
  Input in(request);
  Command command = bind(in);
  std::vector<std::string> bad;
  for (const auto& error : in.Errors()) bad.push_back(error.field);
  return {std::move(command), bad};
}

using Bad = std::vector<std::string>;

// rampart:begin(iam)
TEST(RoleBinders, CreateRole) {
  auto [command, bad] = Bound(
      BindCreateRole, JsonRequest(R"({"name":"ops","description":"d","permissions":["a"]})"));
  EXPECT_EQ(command.name, "ops");
  EXPECT_EQ(command.description, "d");
  EXPECT_EQ(command.permissions, std::vector<std::string>{"a"});
  EXPECT_TRUE(bad.empty());

  auto [empty, missing] = Bound(BindCreateRole, JsonRequest(R"({"permissions":"a"})"));
  EXPECT_EQ(empty.description, "");
  EXPECT_EQ(missing, (Bad{"name", "permissions"}));
}

TEST(RoleBinders, TheRoleIdComesFromThePath) {
  const auto request = JsonRequest(R"({"name":"ops2"})", {{"id", "r-1"}});
  EXPECT_EQ(Bound(BindGetRole, request).first.role_id, "r-1");
  EXPECT_EQ(Bound(BindDeleteRole, request).first.role_id, "r-1");
  auto [update, bad] = Bound(BindUpdateRole, request);
  EXPECT_EQ(update.role_id, "r-1");
  EXPECT_EQ(update.name, "ops2");
  EXPECT_EQ(update.description, std::nullopt);
  EXPECT_TRUE(bad.empty());
}

TEST(RoleBinders, SetRolePermissionsNeedsTheList) {
  auto [command, bad] =
      Bound(BindSetRolePermissions, JsonRequest(R"({"permissions":[]})", {{"id", "r-1"}}));
  EXPECT_EQ(command.role_id, "r-1");
  EXPECT_TRUE(command.permissions.empty());
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindSetRolePermissions, JsonRequest("{}")).second, Bad{"permissions"});
  EXPECT_EQ(Bound(BindSetRolePermissions, JsonRequest(R"({"permissions":[1]})")).second,
            Bad{"permissions"});
}

TEST(UserBinders, CreateUserReadsEveryField) {
  auto [command, bad] = Bound(BindCreateUser, JsonRequest(R"({"email":"a@example.com",
      "password":"pw","displayName":"A","roles":["user"],"emailVerified":true})"));
  EXPECT_EQ(command.email, "a@example.com");
  EXPECT_EQ(command.password, "pw");
  EXPECT_EQ(command.display_name, "A");
  EXPECT_EQ(command.roles, std::vector<std::string>{"user"});
  EXPECT_TRUE(command.email_verified);
  EXPECT_TRUE(bad.empty());

  auto [defaults, missing] = Bound(BindCreateUser, JsonRequest(R"({"emailVerified":"yes"})"));
  EXPECT_EQ(defaults.roles, std::nullopt);
  EXPECT_FALSE(defaults.email_verified);
  EXPECT_EQ(missing, (Bad{"email", "password", "displayName", "emailVerified"}));
}

TEST(UserBinders, UpdateUserChangesOnlyWhatIsPresent) {
  auto [command, bad] =
      Bound(BindUpdateUser, JsonRequest(R"({"emailVerified":false})", {{"id", "u-1"}}));
  EXPECT_EQ(command.user_id, "u-1");
  EXPECT_EQ(command.display_name, std::nullopt);
  EXPECT_EQ(command.email, std::nullopt);
  EXPECT_EQ(command.email_verified, false);
  EXPECT_TRUE(bad.empty());
}

TEST(UserBinders, ListUsersTakesTheQueryAsReceived) {
  auto request = JsonRequest("", {}, "search=ann&role=admin&sort=-email&page=2&pageSize=x");
  auto [query, bad] = Bound(BindListUsers, request);
  EXPECT_EQ(query.search, "ann");
  EXPECT_EQ(query.role, "admin");
  EXPECT_EQ(query.sort, "-email");
  EXPECT_EQ(query.page, "2");
  EXPECT_EQ(query.page_size, "x");  // the use case names a bad value
  EXPECT_TRUE(bad.empty());
}

TEST(UserBinders, SetUserRolesNeedsTheList) {
  EXPECT_EQ(Bound(BindSetUserRoles, JsonRequest("{}", {{"id", "u"}})).second, Bad{"roles"});
  EXPECT_EQ(Bound(BindSetUserRoles, JsonRequest(R"({"roles":[]})", {{"id", "u"}})).first.user_id,
            "u");
}

TEST(AuthBinders, RegisterReadsAbsentFieldsAsEmptyForTheValidation) {
  auto [command, bad] = Bound(BindRegisterUser, JsonRequest(R"({"email":7})"));
  EXPECT_EQ(command.password, "");
  EXPECT_EQ(bad, Bad{"email"});  // wrong type; the absent ones are the validation's to name
}

TEST(AuthBinders, LoginAndTheRefreshTokenAreRequired) {
  EXPECT_EQ(Bound(BindLogin, JsonRequest("{}")).second, (Bad{"email", "password"}));
  EXPECT_EQ(Bound(BindRefreshTokens, JsonRequest(R"({"refreshToken":"t"})")).first.refresh_token,
            "t");
  EXPECT_EQ(Bound(BindLogout, JsonRequest("{}")).second, Bad{"refreshToken"});
}

TEST(MfaBinders, TheSecondStepTakesACodeOrARecoveryCode) {
  auto [command, bad] =
      Bound(BindLoginSecondFactor, JsonRequest(R"({"challenge":"c","recoveryCode":"r"})"));
  EXPECT_EQ(command.challenge, "c");
  EXPECT_EQ(command.code, std::nullopt);
  EXPECT_EQ(command.recovery_code, "r");
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindDisableTotp, JsonRequest(R"({"password":1})")).second, Bad{"password"});
}

TEST(ApiKeyBinders, CreateApiKeyReadsTheExpiryAsATime) {
  auto [command, bad] = Bound(BindCreateApiKey, JsonRequest(R"({"name":"ci",
      "expiresAt":"2030-01-02T03:04:05Z","permissions":["users.read"]})"));
  EXPECT_EQ(command.name, "ci");
  ASSERT_TRUE(command.expires_at);
  EXPECT_EQ(domain::FormatRfc3339(*command.expires_at), "2030-01-02T03:04:05Z");
  EXPECT_EQ(command.permissions, std::vector<std::string>{"users.read"});
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindCreateApiKey, JsonRequest(R"({"name":"ci","expiresAt":"soon"})")).second,
            Bad{"expiresAt"});
}

TEST(ApiKeyBinders, TheKeyAndItsOwnerComeFromThePath) {
  const auto request = JsonRequest("", {{"id", "owner"}, {"keyId", "key"}});
  const auto user = Bound(BindRevokeUserApiKey, request).first;
  EXPECT_EQ(user.user_id, "owner");
  EXPECT_EQ(user.key_id, "key");
  const auto account = Bound(BindRevokeServiceAccountApiKey, request).first;
  EXPECT_EQ(account.account_id, "owner");
  EXPECT_EQ(account.key_id, "key");
  EXPECT_EQ(Bound(BindRevokeMyApiKey, request).first.key_id, "owner");
}

TEST(ServiceAccountBinders, UpdateReadsRolesAndDisabled) {
  auto [command, bad] = Bound(BindUpdateServiceAccount,
                              JsonRequest(R"({"roles":["a"],"disabled":true})", {{"id", "s"}}));
  EXPECT_EQ(command.id, "s");
  EXPECT_EQ(command.roles, std::vector<std::string>{"a"});
  EXPECT_EQ(command.disabled, true);
  EXPECT_EQ(command.name, std::nullopt);
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindCreateServiceAccount, JsonRequest(R"({"roles":"a"})")).second,
            (Bad{"name", "roles"}));
}
// rampart:end

TEST(AuditBinders, ListAuditEventsTakesTheFilters) {
  auto request =
      JsonRequest("", {}, "actor=u&action=note.created&target=t&from=2026-01-01T00:00:00Z");
  auto query = Bound(BindListAuditEvents, request).first;
  EXPECT_EQ(query.actor_id, "u");
  EXPECT_EQ(query.action, "note.created");
  EXPECT_EQ(query.target_id, "t");
  EXPECT_EQ(query.from, "2026-01-01T00:00:00Z");
  EXPECT_EQ(query.to, std::nullopt);
  EXPECT_EQ(Bound(BindListAuditEvents, JsonRequest("")).first.actor_id, "");
}

TEST(NoteBinders, CreateNoteNeedsATitleAndDefaultsTheBody) {
  auto [command, bad] = Bound(BindCreateNote, JsonRequest(R"({"title":" t ","body":"b"})"));
  EXPECT_EQ(command.title, " t ") << "the use case trims";
  EXPECT_EQ(command.body, "b");
  EXPECT_TRUE(bad.empty());

  auto [no_body, none] = Bound(BindCreateNote, JsonRequest(R"({"title":"t"})"));
  EXPECT_EQ(no_body.body, "");
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(Bound(BindCreateNote, JsonRequest(R"({"body":7})")).second, (Bad{"title", "body"}));
}

TEST(NoteBinders, UpdateNoteChangesOnlyWhatIsPresent) {
  const auto request = JsonRequest(R"({"body":""})", {{"id", "n-1"}});
  auto [command, bad] = Bound(BindUpdateNote, request);
  EXPECT_EQ(command.note_id, "n-1");
  EXPECT_EQ(command.title, std::nullopt);
  EXPECT_EQ(command.body, "") << "an empty body is a change";
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindUpdateNote, JsonRequest(R"({"title":false})", {{"id", "n"}})).second,
            Bad{"title"});
}

TEST(NoteBinders, TheIdComesFromThePathAndThePageFromTheQuery) {
  EXPECT_EQ(Bound(BindGetNote, JsonRequest("", {{"id", "n-2"}})).first.note_id, "n-2");
  EXPECT_EQ(Bound(BindDeleteNote, JsonRequest("", {{"id", "n-3"}})).first.note_id, "n-3");
  auto [query, bad] = Bound(BindListNotes, JsonRequest("", {}, "page=2&pageSize=x"));
  EXPECT_EQ(query.page, "2");
  EXPECT_EQ(query.page_size, "x");  // the use case names a bad value
  EXPECT_TRUE(bad.empty());
  EXPECT_EQ(Bound(BindListNotes, JsonRequest("")).first.page, std::nullopt);
}

}  // namespace
}  // namespace rampart::api
