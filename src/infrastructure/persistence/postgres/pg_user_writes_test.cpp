// The use cases that read a user and write the whole row back, on PostgreSQL at READ COMMITTED:
// each must read with the row lock (FindByIdForUpdate), or its stale copy overwrites a change
// that another transaction committed meanwhile — an administrator's lock undone by the user's
// own profile edit, a failed-login count reset by a password change, a token-version bump lost.
//
// Deterministic interleaving: a first transaction holds the user's row lock; the use case runs
// on another thread until PostgreSQL shows it waiting for that lock (pg_stat_activity); then
// the first transaction writes its change and commits, and the use case finishes. Whatever the
// use case read, it must not have undone the committed change.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "application/auth/access_token_check.hpp"
#include "application/auth/logout_all.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/users/change_password.hpp"
#include "application/users/update_me.hpp"
#include "application/users/update_user.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/pg_use_case_harness.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using namespace std::chrono_literals;
using application::Caller;
using application::TransactionMode;

constexpr const char* kPassword = "current passphrase 123";
class PgUserWrites : public ::testing::Test, protected test_support::PgUseCaseHarness {
 protected:
  void SetUp() override {
    database_.Migrate();
    const auto now = clock_.Now();
    user_ = domain::User{.id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                         .email = *domain::Email::Parse("writes@example.com"),
                         .display_name = "Before",
                         .password_hash = hasher_.Hash(kPassword),
                         .token_version = 4,
                         .created_at = now,
                         .updated_at = now};
    const domain::Session session{.id = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
                                  .user_id = user_->id,
                                  .created_at = now,
                                  .last_used_at = now,
                                  .idle_expires_at = now + 24h,
                                  .absolute_expires_at = now + 48h};
    auto uow = database_.Begin(TransactionMode::kWrite);
    ASSERT_TRUE(uow->Users().Add(*user_).has_value());
    uow->Sessions().Add(session);
    uow->Commit();
    claims_ = {.subject = user_->id, .session_id = session.id, .token_version = 4};
  }

  // Runs `use_case` while another transaction holds the user's row; once the use case waits
  // for that lock, `change` is applied to the row and committed.
  template <class UseCase>
  auto AgainstACommittedChange(UseCase use_case, void (*change)(domain::User&)) {
    auto first = database_.Begin(TransactionMode::kWrite);
    auto row = first->Users().FindByIdForUpdate(user_->id);
    EXPECT_TRUE(row.has_value());
    auto running = std::async(std::launch::async, use_case);
    WaitForALockWaiter();
    change(*row);
    EXPECT_TRUE(first->Users().Update(*row).has_value());
    first->Commit();
    return running.get();
  }

  void WaitForALockWaiter() {
    ASSERT_TRUE(test_support::WaitForALockWaiter(temp_.Url()))
        << "the use case never waited for the user's row lock";
  }

  domain::User Stored() {
    return *database_.Begin(TransactionMode::kRead)->Users().FindById(user_->id);
  }

  Caller Me() {
    return Caller{.request = {.ip = "203.0.113.9", .user_agent = "t", .correlation_id = "c"},
                  .principal = &claims_};
  }

  std::optional<domain::User> user_;  // set by SetUp (no default User)
  application::AccessClaims claims_;
};

void LockIt(domain::User& user) { user.locked = true; }
void CountThreeFailures(domain::User& user) { user.failed_logins = 3; }
void BumpTheTokenVersion(domain::User& user) { user.token_version += 1; }

TEST_F(PgUserWrites, TheUsersProfileEditDoesNotUndoAnAdministratorsLock) {
  auto edited = AgainstACommittedChange(
      [&] { return dispatcher_.Send(application::UpdateMeCommand{.display_name = "After"}, Me()); },
      LockIt);
  ASSERT_TRUE(edited) << edited.error().detail;
  const auto stored = Stored();
  EXPECT_TRUE(stored.locked);
  EXPECT_EQ(stored.display_name, "After");
}

TEST_F(PgUserWrites, AnAdministratorsEditDoesNotUndoALock) {
  auto edited = AgainstACommittedChange(
      [&] {
        return dispatcher_.Send(
            application::UpdateUserCommand{.user_id = user_->id, .display_name = "After"},
            Caller::System("test"));
      },
      LockIt);
  ASSERT_TRUE(edited) << edited.error().detail;
  const auto stored = Stored();
  EXPECT_TRUE(stored.locked);
  EXPECT_EQ(stored.display_name, "After");
}

TEST_F(PgUserWrites, APasswordChangeKeepsFailedLoginsCountedMeanwhile) {
  auto changed = AgainstACommittedChange(
      [&] {
        return dispatcher_.Send(
            application::ChangePasswordCommand{.current_password = kPassword,
                                               .new_password = "a new passphrase 456"},
            Me());
      },
      CountThreeFailures);
  ASSERT_TRUE(changed) << changed.error().detail;
  const auto stored = Stored();
  EXPECT_EQ(stored.failed_logins, 3);
  EXPECT_EQ(stored.token_version, 5);
  EXPECT_TRUE(hasher_.Verify(stored.password_hash, "a new passphrase 456"));
}

TEST_F(PgUserWrites, LogoutAllAndAConcurrentTokenVersionBumpBothCount) {
  auto done = AgainstACommittedChange(
      [&] { return dispatcher_.Send(application::LogoutAllCommand{}, Me()); }, BumpTheTokenVersion);
  ASSERT_TRUE(done) << done.error().detail;
  EXPECT_EQ(Stored().token_version, 6);  // 4, +1 by the other transaction, +1 by logout-all
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
