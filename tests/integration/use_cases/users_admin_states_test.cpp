// A user's state as administrators change and read it, through the Dispatcher on the real
// adapters with the identity cache on: unlocking (an administrator's lock, the brute-force
// lockout, or nothing to undo), the verification flag of a changed address, finding users by
// address or role, and a user's roles.
#include <gtest/gtest.h>

#include "application/users/list_users.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/update_user.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using test_support::kPassword;

class UsersAdminStates : public test_support::AdminUseCaseHarness {
 protected:
  domain::User Stored(const std::string& id) {
    return *database_->Begin(TransactionMode::kRead)->Users().FindById(id);
  }
};

TEST_F(UsersAdminStates, UnlockUndoesALockAndALockoutAndIsRecordedOnlyWhenItDoes) {
  const auto ada = SignIn("ada@example.com");
  ASSERT_TRUE(Send(LockUserCommand{.user_id = ada.subject}, &admin_));
  ASSERT_TRUE(Send(LockUserCommand{.user_id = ada.subject}, &admin_)) << "locked already: a no-op";
  EXPECT_EQ(Events(domain::audit::kUserLocked).size(), 1u);
  const auto unlocked = Send(UnlockUserCommand{.user_id = ada.subject}, &admin_);
  ASSERT_TRUE(unlocked) << unlocked.error().detail;
  EXPECT_FALSE(unlocked->locked);
  EXPECT_TRUE(unlocked->password_hash.empty()) << "never answered";
  EXPECT_TRUE(
      integration::TokensOf(Send(LoginCommand{.email = "ada@example.com", .password = kPassword})));

  // The brute-force lockout: an unlock ends it before its time.
  for (int i = 0; i < 5; ++i) {
    (void)Send(LoginCommand{.email = "ada@example.com", .password = "wrong password"});
  }
  ASSERT_TRUE(Stored(ada.subject).locked_until.has_value());
  ASSERT_TRUE(Send(UnlockUserCommand{.user_id = ada.subject}, &admin_));
  const auto cleared = Stored(ada.subject);
  EXPECT_EQ(cleared.failed_logins, 0);
  EXPECT_FALSE(cleared.locked_until.has_value());
  EXPECT_TRUE(
      integration::TokensOf(Send(LoginCommand{.email = "ada@example.com", .password = kPassword})));

  ASSERT_TRUE(Send(UnlockUserCommand{.user_id = ada.subject}, &admin_)) << "nothing to undo";
  const auto unlocks = Events(domain::audit::kUserUnlocked);
  ASSERT_EQ(unlocks.size(), 2u);
  EXPECT_EQ(unlocks[0].details_json, R"({"wasLocked":false,"hadLockout":true})");
  EXPECT_EQ(unlocks[1].details_json, R"({"wasLocked":true,"hadLockout":false})");
}

TEST_F(UsersAdminStates, AChangedAddressIsUnverifiedUnlessTheAdministratorSaysOtherwise) {
  const auto ada = SignIn("ada@example.com");
  ASSERT_TRUE(Send(UpdateUserCommand{.user_id = ada.subject, .email_verified = true}, &admin_));
  const auto moved =
      Send(UpdateUserCommand{.user_id = ada.subject, .email = "ada@new.example"}, &admin_);
  ASSERT_TRUE(moved) << moved.error().detail;
  EXPECT_FALSE(moved->email_verified);
  const auto vouched = Send(
      UpdateUserCommand{
          .user_id = ada.subject, .email = "ada@other.example", .email_verified = true},
      &admin_);
  ASSERT_TRUE(vouched);
  EXPECT_TRUE(vouched->email_verified);
  std::vector<std::string> details;
  for (const auto& event : Events(domain::audit::kUserUpdated))
    details.push_back(event.details_json);
  EXPECT_EQ(details, (std::vector<std::string>{R"({"fields":["email","emailVerified"]})",
                                               R"({"fields":["email","emailVerified"]})",
                                               R"({"fields":["emailVerified"]})"}));
}

TEST_F(UsersAdminStates, UsersAreFoundByTheirAddressAsTypedAndByRole) {
  const auto ada = SignIn("ada.lovelace@example.com");
  SignIn("bob@example.com");
  HeldRole("analyst", {"users.read"});  // analyst@example.com holds it
  const auto by_address =
      Send(ListUsersQuery{.search = "Ada.Lovelace@EXAMPLE.com"}, &admin_);  // normalised
  ASSERT_TRUE(by_address) << by_address.error().detail;
  ASSERT_EQ(by_address->total, 1);
  EXPECT_EQ(by_address->items[0].id, ada.subject);
  const auto by_role = Send(ListUsersQuery{.role = "analyst"}, &admin_);
  ASSERT_TRUE(by_role);
  ASSERT_EQ(by_role->total, 1);
  EXPECT_EQ(by_role->items[0].email.value(), "analyst@example.com");

  const auto control = Send(ListUsersQuery{.search = "ada\tlovelace"}, &admin_);
  ASSERT_FALSE(control);
  ASSERT_EQ(control.error().fields.size(), 1u);
  EXPECT_EQ(control.error().fields[0].field, "search");
  EXPECT_EQ(control.error().fields[0].message, "Search must not contain control characters.");
}

TEST_F(UsersAdminStates, AUsersRolesAreReadWithTheirPermissions) {
  const auto [role, holder] = HeldRole("analyst", {"users.read", "audit.read"});
  const auto roles = Send(GetUserRolesQuery{.user_id = holder.subject}, &admin_);
  ASSERT_TRUE(roles) << roles.error().detail;
  ASSERT_EQ(roles->size(), 2u);
  EXPECT_EQ((*roles)[0].name, "analyst");
  EXPECT_EQ((*roles)[0].permissions, (std::vector<std::string>{"audit.read", "users.read"}));
  EXPECT_EQ((*roles)[1].name, "user");
  const auto unknown = Send(GetUserRolesQuery{.user_id = "no-such-user"}, &admin_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, domain::ErrorCode::kNotFound);
  const auto plain = SignIn("eve@example.com");
  EXPECT_EQ(Send(GetUserRolesQuery{.user_id = holder.subject}, &plain).error().code,
            domain::ErrorCode::kForbidden);
}

}  // namespace
}  // namespace rampart::application
