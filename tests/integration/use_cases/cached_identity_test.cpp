// The identity cache on the real adapters (SQLite, ES256 JWT, the in-process cache): cache-aside
// reads stop reaching the database once warm, and every write that changes a cached entity —
// a role's permissions, a user's roles, logout, logout-all — is seen by the very next read.
#include <gtest/gtest.h>

#include "integration/login_tokens.hpp"
#include "application/dispatch/dispatcher.hpp"

#include <algorithm>
#include <atomic>

#include "application/auth/login.hpp"
#include "application/auth/logout.hpp"
#include "application/auth/logout_all.hpp"
#include "application/auth/register_user.hpp"
#include "application/cache/cached_entities.hpp"
#include "application/users/get_me.hpp"
#include "application/users/update_me.hpp"
#include "infrastructure/persistence/sqlite/sqlite_use_case_harness.hpp"

namespace rampart::application {
namespace {

constexpr const char* kPassword = "correct horse battery staple";

// Counts the transactions the application opens: a warm cache opens none for a read.
class CountingFactory final : public UnitOfWorkFactory {
 public:
  explicit CountingFactory(UnitOfWorkFactory& inner) : inner_(inner) {}
  std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override {
    ++begun;
    return inner_.Begin(mode);
  }
  void Ping() override { inner_.Ping(); }
  std::atomic<int> begun = 0;

 private:
  UnitOfWorkFactory& inner_;
};

class CachedIdentity : public infrastructure::sqlite::test_support::SqliteUseCaseHarness {
 protected:
  CachedIdentity() {
    storage_ = &counting_;
    identity_cache_ = true;
    context_ = {.ip = "203.0.113.7", .user_agent = "cache-test", .correlation_id = "c"};
  }

  AccessClaims SignIn(const std::string& email) {
    auto user =
        Send(RegisterUserCommand{.email = email, .password = kPassword, .display_name = "Ada"});
    EXPECT_TRUE(user);
    auto tokens = integration::TokensOf(Send(LoginCommand{.email = email, .password = kPassword}));
    EXPECT_TRUE(tokens);
    refresh_token_ = tokens->refresh_token;
    return *tokens_->Verify(tokens->access_token);
  }

  CountingFactory counting_{*sqlite_};
  std::string refresh_token_;
};

TEST_F(CachedIdentity, AWarmCacheAnswersTheCheckAndMeWithoutTheDatabase) {
  const auto claims = SignIn("ada@example.com");
  ASSERT_TRUE(check_->Check(claims));
  ASSERT_TRUE(Send(GetMeQuery{}, &claims));
  const int before = counting_.begun;
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(check_->Check(claims));
    auto me = Send(GetMeQuery{}, &claims);
    ASSERT_TRUE(me);
    EXPECT_EQ(me->email.value(), "ada@example.com");
    EXPECT_TRUE(me->password_hash.empty());  // never cached
  }
  EXPECT_EQ(counting_.begun, before);
}

TEST_F(CachedIdentity, AProfileChangeIsSeenByTheNextRead) {
  const auto claims = SignIn("ada@example.com");
  ASSERT_TRUE(Send(GetMeQuery{}, &claims));
  ASSERT_TRUE(Send(UpdateMeCommand{.display_name = "Grace"}, &claims));
  auto me = Send(GetMeQuery{}, &claims);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->display_name, "Grace");
}

TEST_F(CachedIdentity, LogoutAndLogoutAllRevokeCachedTokensAtOnce) {
  const auto first = SignIn("ada@example.com");
  ASSERT_TRUE(check_->Check(first));
  ASSERT_TRUE(Send(LogoutCommand{.refresh_token = refresh_token_}));
  EXPECT_FALSE(check_->Check(first));

  const auto second = SignIn("grace@example.com");
  ASSERT_TRUE(check_->Check(second));
  ASSERT_TRUE(Send(LogoutAllCommand{}, &second));
  EXPECT_FALSE(check_->Check(second));
  EXPECT_FALSE(Send(GetMeQuery{}, &second));
}

TEST_F(CachedIdentity, ARolePermissionChangeReachesEveryHolderAtOnce) {
  const auto ada = SignIn("ada@example.com");
  const auto grace = SignIn("grace@example.com");
  const auto before = identity_->Permissions(*factory_, ada.subject);  // cached now
  ASSERT_EQ(identity_->Permissions(*factory_, grace.subject), before);
  ASSERT_EQ(std::find(before.begin(), before.end(), "audit.read"), before.end());
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    auto role = uow->Roles().FindByName("user");
    ASSERT_TRUE(role);
    role->permissions = {"audit.read"};
    uow->Roles().Upsert(*role);
    uow->Commit();
  }
  EXPECT_EQ(identity_->Permissions(*factory_, ada.subject), std::vector<std::string>{"audit.read"});
  EXPECT_EQ(identity_->Permissions(*factory_, grace.subject),
            std::vector<std::string>{"audit.read"});
}

TEST_F(CachedIdentity, ARoleAssignmentChangeReachesTheUserAtOnce) {
  const auto claims = SignIn("ada@example.com");
  const auto before = identity_->Permissions(*factory_, claims.subject);
  ASSERT_EQ(identity_->User(*factory_, claims.subject)->roles, std::vector<std::string>{"user"});
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    uow->Users().SetRoles(claims.subject, {"admin"});
    uow->Commit();
  }
  const auto after = identity_->Permissions(*factory_, claims.subject);
  EXPECT_NE(after, before);
  EXPECT_NE(std::find(after.begin(), after.end(), "roles.manage"), after.end());
  EXPECT_EQ(identity_->User(*factory_, claims.subject)->roles, std::vector<std::string>{"admin"});
}

TEST_F(CachedIdentity, AStaleEntryThatWouldRefuseIsOverruledByTheDatabase) {
  const auto claims = SignIn("ada@example.com");
  ASSERT_TRUE(check_->Check(claims));
  // Plant a wrong "revoked" session: the cache must never refuse what the database honours.
  auto session = identity_->Session(*factory_, claims.session_id);
  ASSERT_TRUE(session);
  session->revoked_at = system_clock_.Now();
  cache_.Set(identity_->Keys().Session(claims.session_id), EncodeSession(*session),
             std::chrono::minutes(1));
  EXPECT_TRUE(check_->Check(claims));
  EXPECT_TRUE(Send(GetMeQuery{}, &claims));
}

TEST_F(CachedIdentity, AWriteThatRollsBackStillLeavesTheCacheConsistent) {
  const auto claims = SignIn("ada@example.com");
  ASSERT_TRUE(Send(GetMeQuery{}, &claims));
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    auto user = uow->Users().FindById(claims.subject);
    user->display_name = "Never committed";
    ASSERT_TRUE(uow->Users().Update(*user));
  }  // rolled back
  auto me = Send(GetMeQuery{}, &claims);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->display_name, "Ada");
}

}  // namespace
}  // namespace rampart::application
