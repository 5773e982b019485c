// The identity cache on the real adapters (the database, ES256 JWT, the in-process cache):
// cache-aside reads stop reaching the database once warm, and every write that changes a cached
// entity — a role's permissions, a user's roles, logout, logout-all — is seen by the very next
// read.
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
#include "integration/use_cases/dispatcher_harness.hpp"

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

class CachedIdentity : public infrastructure::test_support::DispatcherHarness {
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

  CountingFactory counting_{*database_};
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

// An entry another version of rampart wrote (another encoding) is no reason to fail: the read
// goes to the database, and the entry is left for the next write to replace.
TEST_F(CachedIdentity, AnEntryThisVersionCannotReadIsReadThroughTheDatabase) {
  const auto claims = SignIn("ada@example.com");
  domain::ServiceAccount account{.id = random_.NewUuid(),
                                 .name = "robot",
                                 .client_id = "rpsa_1",
                                 .secret_hash = "hash",
                                 .roles = {}};
  domain::ApiKey key{.id = random_.NewUuid(),
                     .public_id = "p1",
                     .secret_hash = "hash",
                     .name = "ci",
                     .owner_id = claims.subject};
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    ASSERT_TRUE(uow->ServiceAccounts().Add(account));
    uow->ApiKeys().Add(key);
    uow->Commit();
  }
  const auto& keys = identity_->Keys();
  for (const auto& entry : {keys.User(claims.subject), keys.Session(claims.session_id),
                            keys.Permissions(claims.subject), keys.ServiceAccount(account.id),
                            keys.Permissions(account.id), keys.ApiKey(key.id)}) {
    cache_.Set(entry, "\x01 an entry of another version", std::chrono::minutes(1));
  }
  const int before = counting_.begun;
  const auto user = identity_->User(*factory_, claims.subject);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->email.value(), "ada@example.com");
  EXPECT_TRUE(user->password_hash.empty()) << "never handed out";
  const auto session = identity_->Session(*factory_, claims.session_id);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->user_id, claims.subject);
  EXPECT_EQ(identity_->Permissions(*factory_, claims.subject),
            factory_->Begin(TransactionMode::kRead)->Users().PermissionsOf(claims.subject));
  const auto stored_account = identity_->ServiceAccount(*factory_, account.id);
  ASSERT_TRUE(stored_account);
  EXPECT_EQ(stored_account->client_id, "rpsa_1");
  EXPECT_TRUE(stored_account->secret_hash.empty());
  EXPECT_TRUE(identity_->ServiceAccountPermissions(*factory_, account.id).empty());
  const auto stored_key = identity_->ApiKey(*factory_, key.id);
  ASSERT_TRUE(stored_key);
  EXPECT_EQ(stored_key->name, "ci");
  EXPECT_TRUE(stored_key->secret_hash.empty());
  EXPECT_EQ(counting_.begun - before, 7) << "one read each (two for the user's permissions)";
  EXPECT_TRUE(Send(GetMeQuery{}, &claims)) << "and the requests go on";
}

// The I/O thread's fast path: the cache only, never the database; a miss or an entry it cannot
// read is "not cached", and the request goes the blocking way.
TEST_F(CachedIdentity, PeekAnswersFromTheCacheOnly) {
  const auto claims = SignIn("ada@example.com");
  std::optional<CachedPrincipal> peeked;
  bool answered = false;
  const auto peek = [&] {
    answered = false;
    identity_->Peek(claims.subject, claims.session_id, [&](std::optional<CachedPrincipal> found) {
      answered = true;
      peeked = std::move(found);
    });
    EXPECT_TRUE(answered) << "the in-process cache answers at once";
  };
  cache_.Remove(identity_->Keys().User(claims.subject));
  const int before = counting_.begun;
  peek();
  EXPECT_FALSE(peeked) << "not cached";
  ASSERT_TRUE(Send(GetMeQuery{}, &claims));
  const int after_request = counting_.begun;
  peek();
  ASSERT_TRUE(peeked);
  EXPECT_EQ(peeked->user.id, claims.subject);
  EXPECT_EQ(peeked->session.id, claims.session_id);
  EXPECT_EQ(counting_.begun, after_request) << "a peek never reads the database";
  EXPECT_GT(after_request, before);
  cache_.Set(identity_->Keys().Session(claims.session_id), "unreadable", std::chrono::minutes(1));
  peek();
  EXPECT_FALSE(peeked);

  domain::ApiKey key{.id = random_.NewUuid(),
                     .public_id = "p2",
                     .secret_hash = "h",
                     .name = "ci",
                     .owner_id = claims.subject};
  {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    uow->ApiKeys().Add(key);
    uow->Commit();
  }
  std::optional<domain::User> peeked_user;
  std::optional<domain::ApiKey> peeked_key;
  const auto peek_key = [&] {
    identity_->PeekApiKey(
        claims.subject, key.id,
        [&](std::optional<domain::User> user, std::optional<domain::ApiKey> found) {
          peeked_user = std::move(user);
          peeked_key = std::move(found);
        });
  };
  cache_.Remove(identity_->Keys().User(claims.subject));
  peek_key();
  EXPECT_FALSE(peeked_user);
  EXPECT_FALSE(peeked_key);
  ASSERT_TRUE(identity_->User(*factory_, claims.subject));
  ASSERT_TRUE(identity_->ApiKey(*factory_, key.id));
  peek_key();
  ASSERT_TRUE(peeked_user);
  ASSERT_TRUE(peeked_key);
  EXPECT_EQ(peeked_key->name, "ci");
  EXPECT_TRUE(peeked_key->secret_hash.empty());
}

}  // namespace
}  // namespace rampart::application
