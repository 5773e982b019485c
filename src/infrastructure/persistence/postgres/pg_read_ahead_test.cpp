// The refresh-token look-up reads the session, its user and the user's permissions ahead
// (PgReadAhead). What it serves must be what a direct read would return at that point of the
// unit of work: the rows of this token only, nothing for a deleted user, and never a row older
// than the unit of work's own writes.
#include <gtest/gtest.h>

#include <chrono>

#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using namespace std::chrono_literals;
using application::TransactionMode;

class PgReadAheadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_.Migrate();
    const auto now = domain::TimePoint(std::chrono::seconds(1'800'000'000));
    auto uow = database_.Begin(TransactionMode::kWrite);
    uow->Roles().SyncPermissions();
    ASSERT_TRUE(uow->Roles()
                    .Add({.id = kRoleId,
                          .name = "reader",
                          .description = "reads",
                          .permissions = {"users.read", "audit.read"},
                          .built_in = false})
                    .has_value());
    ASSERT_TRUE(uow->Users()
                    .Add({.id = kUserId,
                          .email = *domain::Email::Parse("ahead@example.com"),
                          .display_name = "Before",
                          .password_hash = "hash",
                          .token_version = 3,
                          .created_at = now,
                          .updated_at = now})
                    .has_value());
    uow->Users().SetRoles(kUserId, {"reader"});
    uow->Sessions().Add({.id = kSessionId,
                         .user_id = kUserId,
                         .created_at = now,
                         .last_used_at = now,
                         .idle_expires_at = now + 24h,
                         .absolute_expires_at = now + 48h,
                         .ip = "203.0.113.7",
                         .user_agent = "agent"});
    uow->Sessions().AddRefreshToken(
        {.token_hash = "hash-1", .session_id = kSessionId, .issued_at = now});
    uow->Commit();
  }

  static constexpr const char* kRoleId = "5f6a7b8c-9d0e-4f1a-8b3c-4d5e6f7a8b9c";
  static constexpr const char* kUserId = "6a7b8c9d-0e1f-4a2b-9c4d-5e6f7a8b9c0d";
  static constexpr const char* kSessionId = "7b8c9d0e-1f2a-4b3c-8d5e-6f7a8b9c0d1e";

  test_support::TempPgDatabase temp_;
  PgDatabase database_{test_support::TestOptions(temp_.Url())};
};

TEST_F(PgReadAheadTest, ServesWhatADirectReadReturns) {
  auto direct = database_.Begin(TransactionMode::kRead);
  const auto session = direct->Sessions().FindById(kSessionId);
  const auto user = direct->Users().FindById(kUserId);
  const auto permissions = direct->Users().PermissionsOf(kUserId);
  direct.reset();

  auto uow = database_.Begin(TransactionMode::kWrite);
  const auto token = uow->Sessions().FindRefreshToken("hash-1");
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->session_id, kSessionId);
  EXPECT_FALSE(token->spent_at.has_value());
  const auto ahead_session = uow->Sessions().FindById(kSessionId);
  ASSERT_TRUE(ahead_session.has_value());
  EXPECT_EQ(ahead_session->user_id, session->user_id);
  EXPECT_EQ(ahead_session->created_at, session->created_at);
  EXPECT_EQ(ahead_session->idle_expires_at, session->idle_expires_at);
  EXPECT_EQ(ahead_session->absolute_expires_at, session->absolute_expires_at);
  EXPECT_EQ(ahead_session->revoked_at, session->revoked_at);
  EXPECT_EQ(ahead_session->ip, "203.0.113.7");
  EXPECT_EQ(ahead_session->user_agent, "agent");
  const auto ahead_user = uow->Users().FindById(kUserId);
  ASSERT_TRUE(ahead_user.has_value());
  EXPECT_EQ(ahead_user->email.value(), user->email.value());
  EXPECT_EQ(ahead_user->display_name, "Before");
  EXPECT_EQ(ahead_user->token_version, 3);
  EXPECT_EQ(ahead_user->created_at, user->created_at);
  EXPECT_EQ(ahead_user->roles, std::vector<std::string>{"reader"});
  EXPECT_EQ(uow->Users().PermissionsOf(kUserId), permissions);
  EXPECT_EQ(permissions, (std::vector<std::string>{"audit.read", "users.read"}));
}

TEST_F(PgReadAheadTest, OwnWritesAreNeverHiddenByTheReadAhead) {
  auto uow = database_.Begin(TransactionMode::kWrite);
  ASSERT_TRUE(uow->Sessions().FindRefreshToken("hash-1").has_value());
  auto user = *database_.Begin(TransactionMode::kRead)->Users().FindById(kUserId);
  user.display_name = "After";
  ASSERT_TRUE(uow->Users().Update(user).has_value());
  uow->Users().SetRoles(kUserId, {});
  auto session = *database_.Begin(TransactionMode::kRead)->Sessions().FindById(kSessionId);
  session.revoked_at = session.created_at + 1h;
  session.revoked_reason = "test";
  uow->Sessions().Update(session);

  EXPECT_EQ(uow->Users().FindById(kUserId)->display_name, "After");
  EXPECT_TRUE(uow->Users().FindById(kUserId)->roles.empty());
  EXPECT_TRUE(uow->Users().PermissionsOf(kUserId).empty());
  EXPECT_EQ(uow->Sessions().FindById(kSessionId)->revoked_reason, "test");
}

TEST_F(PgReadAheadTest, AGrantChangeForgetsThePermissionsReadAhead) {
  auto uow = database_.Begin(TransactionMode::kWrite);
  ASSERT_TRUE(uow->Sessions().FindRefreshToken("hash-1").has_value());
  uow->Roles().SetPermissions(kRoleId, {"roles.read"});
  EXPECT_EQ(uow->Users().PermissionsOf(kUserId), std::vector<std::string>{"roles.read"});
}

TEST_F(PgReadAheadTest, ADeletedUserIsNotReadAheadAndOtherIdsAreReadDirectly) {
  {
    auto uow = database_.Begin(TransactionMode::kWrite);
    ASSERT_TRUE(
        uow->Users().SoftDelete(kUserId, domain::TimePoint(std::chrono::seconds(1'800'000'100))));
    uow->Commit();
  }
  auto uow = database_.Begin(TransactionMode::kWrite);
  const auto token = uow->Sessions().FindRefreshToken("hash-1");
  ASSERT_TRUE(token.has_value());
  EXPECT_FALSE(uow->Users().FindById(kUserId).has_value());
  EXPECT_TRUE(uow->Sessions().FindById(kSessionId).has_value());
  EXPECT_FALSE(uow->Sessions().FindById("8c9d0e1f-2a3b-4c4d-9e6f-7a8b9c0d1e2f").has_value());
  EXPECT_FALSE(uow->Sessions().FindRefreshToken("no-such-hash").has_value());
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
