// A cache fill racing a write (issue 13, defect 1): a request misses an identity cache entry and
// reads it from the database; before it stores what it read, a write commits and invalidates the
// entry. The stale value must not land in the cache: the very next request sees the write.
//
// Each test warms the cache, forgets the one entry under test, holds the next request right
// after its fill's database read (ReadGate), runs the write to completion, lets the request go
// on, and then checks what the following request gets. On every database and cache adapter.
#include <gtest/gtest.h>

#include "application/audit/list_audit_events.hpp"
#include "application/auth/logout.hpp"
#include "application/auth/logout_all.hpp"
#include "application/auth/refresh_tokens.hpp"
#include "application/roles/create_role.hpp"
#include "application/roles/set_role_permissions.hpp"
#include "application/sessions/revoke_my_session.hpp"
#include "application/sessions/user_sessions.hpp"
#include "application/users/get_me.hpp"
#include "application/users/lock_user.hpp"
#include "application/users/user_roles.hpp"
#include "domain/permission.hpp"
#include "integration/races/race_harness.hpp"

namespace rampart::integration::races {
namespace {

using application::GetMeQuery;

class CacheFillRace : public RaceHarness {
 protected:
  // A signed-in user whose user and session entries are cached.
  SignedIn WarmUser() {
    auto user = SignIn("racer@example.com");
    EXPECT_TRUE(Send(GetMeQuery{}, &user.claims));
    return user;
  }

  // Holds a GET /users/me of `user` right after its fill of `reads` read the database, runs
  // `write`, and lets the read finish (it raced the write: either answer is fine for it).
  template <class Write>
  void RaceAMeRead(const SignedIn& user, Reads reads, Write write) {
    reads_->Arm(reads);
    (void)WhileHeld(
        reads_->gate, [&] { return Send(GetMeQuery{}, &user.claims); }, write);
  }

  void ExpectTheTokenRefused(const SignedIn& user) {
    auto me = Send(GetMeQuery{}, &user.claims);
    ASSERT_FALSE(me) << "a revoked session's token still works: a stale cache entry";
    EXPECT_EQ(me.error().code, domain::ErrorCode::kUnauthorized);
  }
};

TEST_P(CacheFillRace, APermissionRevokedDuringAFillIsDeniedOnTheNextRequest) {
  auto user = WarmUser();
  auto role = AsSystem(application::CreateRoleCommand{
      .name = "auditors",
      .description = "reads the audit log",
      .permissions = {std::string(domain::permissions::kAuditRead)}});
  ASSERT_TRUE(role) << role.error().detail;
  ASSERT_TRUE(
      AsSystem(application::SetUserRolesCommand{.user_id = user.user_id, .roles = {"auditors"}}));
  ASSERT_TRUE(Send(application::ListAuditEventsQuery{}, &user.claims));  // permissions cached
  identity_->ForgetPermissions(user.user_id);

  reads_->Arm(Reads::kUsers);
  (void)WhileHeld(
      reads_->gate, [&] { return Send(application::ListAuditEventsQuery{}, &user.claims); },
      [&] {
        ASSERT_TRUE(AsSystem(
            application::SetRolePermissionsCommand{.role_id = role->id, .permissions = {}}));
      });

  auto listed = Send(application::ListAuditEventsQuery{}, &user.claims);
  ASSERT_FALSE(listed) << "a revoked permission still works: a stale cache entry";
  EXPECT_EQ(listed.error().code, domain::ErrorCode::kForbidden);
}

TEST_P(CacheFillRace, ALogoutDuringASessionFillEndsTheTokenOnTheNextRequest) {
  auto user = WarmUser();
  identity_->ForgetSession(user.claims.session_id);
  RaceAMeRead(user, Reads::kSessions, [&] {
    ASSERT_TRUE(Write(application::LogoutCommand{.refresh_token = user.refresh_token}));
  });
  ExpectTheTokenRefused(user);
}

TEST_P(CacheFillRace, RevokingMySessionDuringASessionFillEndsItsTokenOnTheNextRequest) {
  auto user = WarmUser();
  auto other = LogIn("racer@example.com");
  identity_->ForgetSession(user.claims.session_id);
  RaceAMeRead(user, Reads::kSessions, [&] {
    ASSERT_TRUE(Write(application::RevokeMySessionCommand{.session_id = user.claims.session_id},
                      &other.claims));
  });
  ExpectTheTokenRefused(user);
}

TEST_P(CacheFillRace, RefreshTokenReuseDuringASessionFillEndsTheTokenOnTheNextRequest) {
  auto user = WarmUser();
  const std::string spent = user.refresh_token;
  ASSERT_TRUE(Write(application::RefreshTokensCommand{.refresh_token = spent}));
  ASSERT_TRUE(Send(GetMeQuery{}, &user.claims));  // the session is still active
  identity_->ForgetSession(user.claims.session_id);
  RaceAMeRead(user, Reads::kSessions, [&] {
    auto reused = Write(application::RefreshTokensCommand{.refresh_token = spent});
    ASSERT_FALSE(reused);  // reuse detected: the whole session is revoked
  });
  ExpectTheTokenRefused(user);
}

TEST_P(CacheFillRace, AnAdministratorsRevokeAllDuringASessionFillEndsTheTokenOnTheNextRequest) {
  auto user = WarmUser();
  identity_->ForgetSession(user.claims.session_id);
  RaceAMeRead(user, Reads::kSessions, [&] {
    auto ended = AsSystem(application::RevokeUserSessionsCommand{.user_id = user.user_id});
    ASSERT_TRUE(ended);
    EXPECT_EQ(*ended, 1);
  });
  ExpectTheTokenRefused(user);
}

TEST_P(CacheFillRace, ALockDuringAUserFillIsSeenByTheNextRead) {
  auto user = WarmUser();
  identity_->ForgetUser(user.user_id);
  RaceAMeRead(user, Reads::kUsers, [&] {
    ASSERT_TRUE(AsSystem(application::LockUserCommand{.user_id = user.user_id}));
  });
  // What the per-request token check reads next.
  auto cached = identity_->User(*database_, user.user_id);
  ASSERT_TRUE(cached);
  EXPECT_TRUE(cached->locked) << "the user entry lost the lock: a stale cache entry";
  ExpectTheTokenRefused(user);
}

TEST_P(CacheFillRace, ALogoutAllDuringAUserFillIsSeenByTheNextRead) {
  auto user = WarmUser();
  const long long version = user.claims.token_version;
  identity_->ForgetUser(user.user_id);
  RaceAMeRead(user, Reads::kUsers,
              [&] { ASSERT_TRUE(Write(application::LogoutAllCommand{}, &user.claims)); });
  auto cached = identity_->User(*database_, user.user_id);
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->token_version, version + 1)
      << "the user entry lost the token-version bump: a stale cache entry";
  ExpectTheTokenRefused(user);
}

INSTANTIATE_TEST_SUITE_P(Backends, CacheFillRace, ::testing::ValuesIn(AllBackends()), BackendsName);

}  // namespace
}  // namespace rampart::integration::races
