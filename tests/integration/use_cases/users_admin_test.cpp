// The admin users use cases through the Dispatcher on the real adapters (the database, ES256 JWT,
// Argon2id) with the identity cache on: lock, delete and role changes are seen by the very next
// request of the user concerned although their state was cached; the permission each use case
// needs; granting roles needs roles.manage; the last-administrator guard.
#include <gtest/gtest.h>

#include <algorithm>

#include "integration/login_tokens.hpp"
#include "application/auth/login.hpp"
#include "application/sessions/user_sessions.hpp"
#include "application/users/create_user.hpp"
#include "application/users/delete_user.hpp"
#include "application/users/get_me.hpp"
#include "application/users/get_user.hpp"
#include "application/users/list_users.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/update_user.hpp"
#include "application/users/user_roles.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using test_support::kAdminPassword;
using test_support::kPassword;

class UsersAdmin : public test_support::AdminUseCaseHarness {};

TEST_F(UsersAdmin, LockAndDeleteStopACachedTokenAtOnce) {
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  const auto locked_user = SignIn("locked@example.com");
  const auto deleted_user = SignIn("deleted@example.com");
  // Warm the cache with both users' state.
  ASSERT_TRUE(Send(GetMeQuery{}, &locked_user));
  ASSERT_TRUE(Send(GetMeQuery{}, &deleted_user));
  ASSERT_TRUE(Send(GetMeQuery{}, &locked_user));

  auto locked = Send(LockUserCommand{.user_id = locked_user.subject}, &admin);
  ASSERT_TRUE(locked) << locked.error().detail;
  EXPECT_TRUE(locked->locked);
  EXPECT_TRUE(locked->password_hash.empty());
  auto refused = Send(GetMeQuery{}, &locked_user);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthorized);

  ASSERT_TRUE(Send(DeleteUserCommand{.user_id = deleted_user.subject}, &admin));
  auto gone = Send(GetMeQuery{}, &deleted_user);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, domain::ErrorCode::kUnauthorized);
  auto not_found = Send(GetUserQuery{.user_id = deleted_user.subject}, &admin);
  ASSERT_FALSE(not_found);
  EXPECT_EQ(not_found.error().code, domain::ErrorCode::kNotFound);

  EXPECT_EQ(Actions(locked_user.subject),
            (std::vector<std::string>{"user.locked", "user.created"}));
  EXPECT_EQ(Actions(deleted_user.subject),
            (std::vector<std::string>{"user.deleted", "user.created"}));
}

TEST_F(UsersAdmin, EndingAUsersSessionsStopsTheirCachedTokenButNotTheAccount) {
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  const auto user = SignIn("sessions@example.com");
  ASSERT_TRUE(Send(GetMeQuery{}, &user));  // the session's state is now cached
  auto listed = Send(ListUserSessionsQuery{.user_id = user.subject}, &admin);
  ASSERT_TRUE(listed) << listed.error().detail;
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].session.id, user.session_id);
  EXPECT_FALSE((*listed)[0].current);

  // A plain user may do neither.
  EXPECT_EQ(Send(ListUserSessionsQuery{.user_id = admin.subject}, &user).error().code,
            domain::ErrorCode::kForbidden);
  EXPECT_EQ(Send(RevokeUserSessionsCommand{.user_id = admin.subject}, &user).error().code,
            domain::ErrorCode::kForbidden);

  auto ended = Send(RevokeUserSessionsCommand{.user_id = user.subject}, &admin);
  ASSERT_TRUE(ended) << ended.error().detail;
  EXPECT_EQ(*ended, 1);
  auto refused = Send(GetMeQuery{}, &user);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_TRUE(Send(ListUserSessionsQuery{.user_id = user.subject}, &admin)->empty());
  // Nothing left: nothing ends, nothing is recorded.
  EXPECT_EQ(*Send(RevokeUserSessionsCommand{.user_id = user.subject}, &admin), 0);
  EXPECT_EQ(Actions(user.subject),
            (std::vector<std::string>{"user.sessions.revoked", "user.created"}));
  // Not a lock: the user signs in again.
  auto tokens = integration::TokensOf(Send(LoginCommand{.email = "sessions@example.com", .password = kPassword}));
  ASSERT_TRUE(tokens);
  const auto again = *tokens_->Verify(tokens->access_token);
  EXPECT_TRUE(Send(GetMeQuery{}, &again));
  auto unknown = Send(RevokeUserSessionsCommand{.user_id = "no-such-user"}, &admin);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, domain::ErrorCode::kNotFound);
}

TEST_F(UsersAdmin, RoleChangesReachTheNextRequestThroughTheCache) {
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  const auto user = SignIn("promoted@example.com");
  auto denied = Send(ListUsersQuery{}, &user);  // caches the user's (empty) permissions
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, domain::ErrorCode::kForbidden);

  auto roles =
      Send(SetUserRolesCommand{.user_id = user.subject, .roles = {"admin", "user"}}, &admin);
  ASSERT_TRUE(roles) << roles.error().detail;
  ASSERT_EQ(roles->size(), 2u);
  EXPECT_EQ((*roles)[0].name, "admin");
  EXPECT_FALSE((*roles)[0].permissions.empty());
  auto listed = Send(ListUsersQuery{.sort = "email"}, &user);
  ASSERT_TRUE(listed) << listed.error().detail;
  EXPECT_EQ(listed->total, 2);
  EXPECT_EQ(listed->items[0].email.value(), "admin@localhost");

  ASSERT_TRUE(Send(SetUserRolesCommand{.user_id = user.subject, .roles = {"user"}}, &admin));
  auto denied_again = Send(ListUsersQuery{}, &user);
  ASSERT_FALSE(denied_again);
  EXPECT_EQ(denied_again.error().code, domain::ErrorCode::kForbidden);
}

TEST_F(UsersAdmin, GrantingRolesNeedsRolesManage) {
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    uow->Roles().Upsert({.name = "helpdesk",
                         .description = "Creates accounts.",
                         .permissions = {std::string(domain::permissions::kUsersWrite)}});
    uow->Commit();
  }
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  const auto helpdesk = SignIn("helpdesk@example.com");
  ASSERT_TRUE(
      Send(SetUserRolesCommand{.user_id = helpdesk.subject, .roles = {"helpdesk"}}, &admin));

  auto plain = Send(CreateUserCommand{.email = "new@example.com",
                                      .password = "a perfectly fine passphrase",
                                      .display_name = "New"},
                    &helpdesk);
  ASSERT_TRUE(plain) << plain.error().detail;
  EXPECT_EQ(plain->roles, std::vector<std::string>{"user"});
  auto escalation = Send(CreateUserCommand{.email = "boss@example.com",
                                           .password = "a perfectly fine passphrase",
                                           .display_name = "Boss",
                                           .roles = std::vector<std::string>{"admin"}},
                         &helpdesk);
  ASSERT_FALSE(escalation);
  EXPECT_EQ(escalation.error().code, domain::ErrorCode::kForbidden);
  auto set = Send(SetUserRolesCommand{.user_id = helpdesk.subject, .roles = {"admin"}}, &helpdesk);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code, domain::ErrorCode::kForbidden);
  auto read = Send(GetUserQuery{.user_id = plain->id}, &helpdesk);
  ASSERT_FALSE(read) << "users.write does not include users.read";
  EXPECT_EQ(read.error().code, domain::ErrorCode::kForbidden);

  auto by_admin = Send(CreateUserCommand{.email = "boss@example.com",
                                         .password = "a perfectly fine passphrase",
                                         .display_name = "Boss",
                                         .roles = std::vector<std::string>{"admin", "admin"}},
                       &admin);
  ASSERT_TRUE(by_admin) << by_admin.error().detail;
  EXPECT_EQ(by_admin->roles, std::vector<std::string>{"admin"});
}

TEST_F(UsersAdmin, NobodyChangesAUserWhoHoldsPermissionsTheyLack) {
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    uow->Roles().Upsert({.name = "helpdesk",
                         .description = "Manages accounts.",
                         .permissions = {std::string(domain::permissions::kUsersWrite),
                                         std::string(domain::permissions::kUsersDelete)}});
    uow->Commit();
  }
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  const auto helpdesk = SignIn("helpdesk@example.com");
  const auto plain = SignIn("plain@example.com");
  ASSERT_TRUE(
      Send(SetUserRolesCommand{.user_id = helpdesk.subject, .roles = {"helpdesk"}}, &admin));

  std::vector<domain::Error> refused;
  auto expect_refused = [&refused](const auto& result) {
    EXPECT_FALSE(result);
    if (!result) refused.push_back(result.error());
  };
  expect_refused(
      Send(UpdateUserCommand{.user_id = admin.subject, .email = "mine@example.com"}, &helpdesk));
  expect_refused(Send(LockUserCommand{.user_id = admin.subject}, &helpdesk));
  expect_refused(Send(UnlockUserCommand{.user_id = admin.subject}, &helpdesk));
  expect_refused(Send(DeleteUserCommand{.user_id = admin.subject}, &helpdesk));
  ASSERT_EQ(refused.size(), 4u);
  for (const auto& error : refused) EXPECT_EQ(error.code, domain::ErrorCode::kForbidden);
  EXPECT_TRUE(Send(GetMeQuery{}, &admin)) << "the administrator is untouched";

  // Users with fewer (or the same) permissions are fair game.
  auto renamed =
      Send(UpdateUserCommand{.user_id = plain.subject, .display_name = "Renamed"}, &helpdesk);
  ASSERT_TRUE(renamed) << renamed.error().detail;
  EXPECT_TRUE(Send(LockUserCommand{.user_id = plain.subject}, &helpdesk));
  EXPECT_TRUE(Send(DeleteUserCommand{.user_id = plain.subject}, &helpdesk));
}

TEST_F(UsersAdmin, TheLastActiveAdministratorStays) {
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  std::vector<domain::Error> errors;
  auto refused = [&errors](const auto& result) {
    EXPECT_FALSE(result);
    if (!result) errors.push_back(result.error());
  };
  refused(Send(DeleteUserCommand{.user_id = admin.subject}, &admin));
  refused(Send(LockUserCommand{.user_id = admin.subject}, &admin));
  refused(Send(SetUserRolesCommand{.user_id = admin.subject, .roles = {}}, &admin));
  ASSERT_EQ(errors.size(), 3u);
  for (const auto& error : errors) EXPECT_EQ(error.code, domain::ErrorCode::kConflict);
  EXPECT_TRUE(Send(GetMeQuery{}, &admin));
  EXPECT_EQ(Actions(admin.subject), std::vector<std::string>{"user.created"})
      << "a refused change is not audited";
}

TEST_F(UsersAdmin, ListValidationNamesEveryBadParameter) {
  const auto admin = SignIn("admin@localhost", kAdminPassword);
  auto bad = Send(ListUsersQuery{.search = std::string(101, 'a'),
                                 .role = "",
                                 .sort = "-password",
                                 .page = "0",
                                 .page_size = "101"},
                  &admin);
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().code, domain::ErrorCode::kValidation);
  std::vector<std::string> fields;
  for (const auto& field : bad.error().fields) fields.push_back(field.field);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"page", "pageSize", "role", "search", "sort"}));
}

}  // namespace
}  // namespace rampart::application
