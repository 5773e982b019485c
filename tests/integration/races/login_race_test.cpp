// A login racing a change of the account (issue 13, defects 2 and 3). Login checks the password
// (Argon2, tens of milliseconds) on a copy read before its write transaction; whatever commits
// in between — a password change or reset (which revoke every session), an administrator's
// lock, a lockout — must stop it from opening a session: the change's revocation ran before that
// session existed, so it would outlive the change (for 90 days by refresh; after an unlock).
//
// The login is held right after its password check (GatedHasher) while the change commits.
// rampart:begin(postgres)
// On PostgreSQL also the other way round: the change holds the user's row lock until the login
// waits for it (pg_stat_activity), as pg_user_writes_test does.
// rampart:end
#include <gtest/gtest.h>

#include "integration/login_tokens.hpp"
#include "application/auth/forgot_password.hpp"
#include "application/auth/login.hpp"
#include "application/auth/reset_password.hpp"
#include "application/users/change_password.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/update_me.hpp"
#include "integration/races/race_harness.hpp"

namespace rampart::integration::races {
namespace {

using application::LoginCommand;
using application::TokenPair;

constexpr const char* kEmail = "racer@example.com";
constexpr const char* kNewPassword = "a brand new passphrase 456";

class LoginRace : public RaceHarness {
 protected:
  // Logs in with the current password, held after the password check while `change` runs.
  template <class Change>
  domain::Result<TokenPair> LoginRacing(Change change) {
    hasher_.gate.Arm();
    return WhileHeld(
        hasher_.gate,
        [&] { return TokensOf(Send(LoginCommand{.email = kEmail, .password = kPassword})); },
        change);
  }

  static void ExpectRefused(const domain::Result<TokenPair>& login, domain::ErrorCode code) {
    ASSERT_FALSE(login) << "the racing login opened a session the change never revoked";
    EXPECT_EQ(login.error().code, code) << login.error().detail;
  }
};

TEST_P(LoginRace, ALoginRacingAPasswordChangeOpensNoSession) {
  auto user = SignIn(kEmail);
  auto login = LoginRacing([&] {
    ASSERT_TRUE(Write(application::ChangePasswordCommand{.current_password = kPassword,
                                                         .new_password = kNewPassword},
                      &user.claims));
  });
  ExpectRefused(login, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(ActiveSessions(user.user_id), 0);
  EXPECT_TRUE(Send(LoginCommand{.email = kEmail, .password = kNewPassword}));
}

TEST_P(LoginRace, ALoginRacingAPasswordResetOpensNoSession) {
  auto user = SignIn(kEmail);
  ASSERT_TRUE(Write(application::ForgotPasswordCommand{.email = kEmail}));
  const std::string token = LastResetToken();
  auto login = LoginRacing([&] {
    ASSERT_TRUE(
        Write(application::ResetPasswordCommand{.token = token, .new_password = kNewPassword}));
  });
  ExpectRefused(login, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(ActiveSessions(user.user_id), 0);
}

TEST_P(LoginRace, ALoginRacingALockOpensNoSessionThatAnUnlockWouldRevive) {
  auto user = SignIn(kEmail);
  auto login = LoginRacing(
      [&] { ASSERT_TRUE(AsSystem(application::LockUserCommand{.user_id = user.user_id})); });
  ExpectRefused(login, domain::ErrorCode::kUnauthorized);
  ASSERT_TRUE(AsSystem(application::UnlockUserCommand{.user_id = user.user_id}));
  EXPECT_EQ(ActiveSessions(user.user_id), 0);
}

TEST_P(LoginRace, ALoginRacingALockoutIsRefusedWithTheLockout) {
  auto user = SignIn(kEmail);
  auto login = LoginRacing([&] {
    domain::Result<TokenPair> failed = domain::Fail(domain::Error::Unauthorized(""));
    for (int i = 0; i < 5; ++i) {
      failed = TokensOf(Write(LoginCommand{.email = kEmail, .password = "wrong"}));
    }
    ASSERT_FALSE(failed);
    ASSERT_EQ(failed.error().code, domain::ErrorCode::kLocked);
  });
  ExpectRefused(login, domain::ErrorCode::kLocked);
  EXPECT_EQ(ActiveSessions(user.user_id), 1);  // only the one from before
}

TEST_P(LoginRace, ALoginRacingAProfileEditStillSucceeds) {
  auto user = SignIn(kEmail);
  auto login = LoginRacing([&] {
    ASSERT_TRUE(Write(application::UpdateMeCommand{.display_name = "Renamed"}, &user.claims));
  });
  ASSERT_TRUE(login) << login.error().detail;
  EXPECT_EQ(ActiveSessions(user.user_id), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, LoginRace, ::testing::ValuesIn(AllBackends()), BackendsName);

// rampart:begin(postgres)
// PostgreSQL at READ COMMITTED: the change holds the user's row lock while the login, its
// password already checked, waits for that lock; the login then reads the changed row.
class PgLoginRowLock : public RaceHarness {
 protected:
  template <class Change>
  domain::Result<TokenPair> LoginAgainst(const std::string& user_id, Change change) {
    auto holder = database_->Begin(application::TransactionMode::kWrite);
    auto row = holder->Users().FindByIdForUpdate(user_id);
    EXPECT_TRUE(row);
    auto login = std::async(std::launch::async, [&] {
      return TokensOf(Send(LoginCommand{.email = kEmail, .password = kPassword}));
    });
    EXPECT_TRUE(infrastructure::postgres::test_support::WaitForALockWaiter(pg_temp_->Url()))
        << "the login never waited for the user's row lock";
    if (row) {
      change(*row);
      row->updated_at = clock_.Now();
      EXPECT_TRUE(holder->Users().Update(*row));
      holder->Sessions().RevokeAllForUser(user_id, clock_.Now(), "race_test");
    }
    holder->Commit();
    return login.get();
  }
};

TEST_P(PgLoginRowLock, ALoginWaitingForAPasswordChangeOpensNoSession) {
  auto user = SignIn(kEmail);
  const std::string new_hash = argon2_.Hash(kNewPassword);
  auto login = LoginAgainst(user.user_id, [&](domain::User& row) {
    row.password_hash = new_hash;
    row.token_version += 1;
  });
  ASSERT_FALSE(login) << "the waiting login opened a session the change never revoked";
  EXPECT_EQ(login.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(ActiveSessions(user.user_id), 0);
}

TEST_P(PgLoginRowLock, ALoginWaitingForALockOpensNoSession) {
  auto user = SignIn(kEmail);
  auto login = LoginAgainst(user.user_id, [](domain::User& row) { row.locked = true; });
  ASSERT_FALSE(login) << "the waiting login opened a session on a locked account";
  EXPECT_EQ(login.error().code, domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(ActiveSessions(user.user_id), 0);
}

INSTANTIATE_TEST_SUITE_P(Postgres, PgLoginRowLock, ::testing::ValuesIn(PostgresBackends()),
                         BackendsName);
// rampart:end

}  // namespace
}  // namespace rampart::integration::races
