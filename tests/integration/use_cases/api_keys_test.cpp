// API keys at their edges, through the Dispatcher and the ApiKeyAuthenticator on the real adapters
// (the database, the identity cache on) with a settable clock: the shape checked before any read, a
// right public id with a wrong secret, expiry, what the authenticator remembers and for how long,
// the batched record of the last use, and the rules of making, listing and revoking keys
// (machine_credentials_test.cpp has the paths through the cache).
#include <gtest/gtest.h>

#include <stdexcept>

#include "application/api_keys/api_key_authenticator.hpp"
#include "application/api_keys/api_keys.hpp"
#include "application/auth/client_credentials.hpp"
#include "application/service_accounts/service_accounts.hpp"
#include "domain/credential_format.hpp"
#include "integration/settable_clock.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

using namespace std::chrono_literals;

// A database that is down.
class DownDatabase final : public UnitOfWorkFactory {
 public:
  std::unique_ptr<UnitOfWork> Begin(TransactionMode) override {
    throw std::runtime_error("database is down");
  }
  void Ping() override { throw std::runtime_error("database is down"); }
};

class ApiKeysTest : public test_support::AdminUseCaseHarness {
 protected:
  ApiKeysTest() { services_clock_ = &clock_; }
  void SetUp() override {
    AdminUseCaseHarness::SetUp();
    if (HasFatalFailure()) return;
    holder_ = HeldRole("reader", {"users.read"}).second;
  }
  CreatedApiKey Create(const std::string& name,
                       std::optional<domain::TimePoint> expires_at = std::nullopt) {
    auto created = Send(CreateApiKeyCommand{.name = name, .expires_at = expires_at}, &holder_);
    EXPECT_TRUE(created) << created.error().detail;
    return created ? *created : CreatedApiKey{};
  }
  ApiKeyAuthenticator Authenticator(std::size_t max_entries = 100) {
    return ApiKeyAuthenticator(*factory_, random_, clock_, max_entries);
  }
  std::vector<domain::ApiKey> Mine() {
    auto listed = Send(ListMyApiKeysQuery{}, &holder_);
    EXPECT_TRUE(listed) << listed.error().detail;
    return listed ? *listed : std::vector<domain::ApiKey>{};
  }
  // The field of a refused creation.
  std::string RefusedField(const CreateApiKeyCommand& command) {
    const auto refused = Send(command, &holder_);
    EXPECT_FALSE(refused);
    if (refused) return "";
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kValidation);
    return refused.error().fields.empty() ? "" : refused.error().fields[0].field;
  }

  integration::SettableClock clock_;
  AccessClaims holder_;
};

TEST_F(ApiKeysTest, AKeyOfTheWrongShapeOrWithAWrongSecretIsRefusedAlike) {
  const auto key = Create("ci");
  auto authenticator = Authenticator();
  // The right public id with another secret (its checksum right): found, and the hash differs.
  const auto forged =
      domain::ApiKeyText(key.key.public_id, std::string(domain::kApiKeySecretLength, 'A'));
  ASSERT_TRUE(domain::ApiKeyPublicId(forged));
  for (const std::string& text : {std::string("rp_not-a-key"), key.text + "x", forged}) {
    const auto refused = authenticator.Authenticate(text);
    ASSERT_FALSE(refused) << text;
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthorized);
    EXPECT_EQ(refused.error().detail, "invalid API key");
    EXPECT_EQ(authenticator.Remembered(text), nullptr);
  }
  EXPECT_TRUE(authenticator.Authenticate(key.text));
}

TEST_F(ApiKeysTest, AVerifiedKeyIsRememberedUntilItExpires) {
  const auto key = Create("deploy", clock_.Now() + 1h);
  auto authenticator = Authenticator();
  EXPECT_EQ(authenticator.Remembered(key.text), nullptr) << "not verified yet";
  const auto claims = authenticator.Authenticate(key.text);
  ASSERT_TRUE(claims) << claims.error().detail;
  EXPECT_EQ((*claims)->subject, holder_.subject);
  EXPECT_EQ((*claims)->expires_at, clock_.Now() + 1h);
  EXPECT_EQ(authenticator.Remembered(key.text), *claims) << "no database read on the next request";

  clock_.Advance(1h);
  EXPECT_EQ(authenticator.Remembered(key.text), nullptr);
  const auto expired = authenticator.Authenticate(key.text);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().detail, "API key revoked or expired");
}

TEST_F(ApiKeysTest, TheAuthenticatorRemembersAtMostItsBound) {
  const auto first = Create("one");
  const auto second = Create("two");
  auto none = Authenticator(0);  // cache.verified_tokens = 0
  ASSERT_TRUE(none.Authenticate(first.text));
  EXPECT_EQ(none.Remembered(first.text), nullptr);

  auto one = Authenticator(1);
  ASSERT_TRUE(one.Authenticate(first.text));
  ASSERT_TRUE(one.Authenticate(second.text));
  EXPECT_EQ(one.Remembered(first.text), nullptr) << "forgotten to make room";
  EXPECT_NE(one.Remembered(second.text), nullptr);
}

TEST_F(ApiKeysTest, TheLastUseIsWrittenInBatchesAndKeptWhenTheWriteFails) {
  const auto key = Create("laptop");
  ApiKeyUsage usage;
  const auto at = clock_.Now();
  usage.Record(key.key.id, at, "198.51.100.1");
  usage.Record(key.key.id, at - 5s, "198.51.100.9");  // older: the later use stands
  EXPECT_EQ(usage.Pending(), 1u);
  DownDatabase down;
  EXPECT_THROW(usage.Flush(down), std::runtime_error);
  EXPECT_EQ(usage.Pending(), 1u) << "put back for the next flush";
  EXPECT_TRUE(Mine().at(0).last_used_at == std::nullopt);

  EXPECT_EQ(usage.Flush(*factory_), 1u);
  EXPECT_EQ(usage.Pending(), 0u);
  EXPECT_EQ(usage.Flush(*factory_), 0u);
  const auto listed = Mine();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].last_used_at, at);
  EXPECT_EQ(listed[0].last_used_ip, "198.51.100.1");
  EXPECT_TRUE(listed[0].secret_hash.empty()) << "never listed";
}

TEST_F(ApiKeysTest, ANewKeyNeedsAFitNameAndAnExpiryInTheFuture) {
  EXPECT_EQ(RefusedField({.name = ""}), "name");
  EXPECT_EQ(RefusedField({.name = "line\nbreak"}), "name");
  EXPECT_EQ(RefusedField({.name = std::string(101, 'k')}), "name");
  EXPECT_EQ(RefusedField({.name = "x", .permissions = std::vector<std::string>{"no such thing"}}),
            "permissions[0]");
  EXPECT_EQ(RefusedField({.name = "late", .expires_at = clock_.Now()}), "expiresAt");
  EXPECT_TRUE(Events(domain::audit::kApiKeyCreated).empty());
  const auto key = Create("dated", clock_.Now() + 24h);
  const auto audit = Events(domain::audit::kApiKeyCreated);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].details_json.find(R"("expiresAt":")" +
                                       domain::FormatRfc3339(clock_.Now() + 24h) + "\""),
            std::string::npos)
      << audit[0].details_json;
  EXPECT_EQ(audit[0].details_json.find(key.text), std::string::npos);
}

TEST_F(ApiKeysTest, AnOwnerHoldsAtMostFiftyActiveKeys) {
  std::vector<CreatedApiKey> keys;
  for (int i = 0; i < 50; ++i) keys.push_back(Create("key " + std::to_string(i)));
  const auto refused = Send(CreateApiKeyCommand{.name = "one too many"}, &holder_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kConflict);
  ASSERT_TRUE(Send(RevokeMyApiKeyCommand{.key_id = keys[0].key.id}, &holder_));
  EXPECT_TRUE(Send(CreateApiKeyCommand{.name = "in its place"}, &holder_))
      << "a revoked key does not count";
  EXPECT_EQ(Mine().size(), 51u) << "revoked keys are still listed";
}

TEST_F(ApiKeysTest, RevokingTwiceChangesNothingTheSecondTime) {
  const auto key = Create("twice");
  const auto first = Send(RevokeMyApiKeyCommand{.key_id = key.key.id}, &holder_);
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  const auto second = Send(RevokeMyApiKeyCommand{.key_id = key.key.id}, &holder_);
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  EXPECT_EQ(Events(domain::audit::kApiKeyRevoked).size(), 1u);
}

TEST_F(ApiKeysTest, AnAdministratorRevokesAServiceAccountsKey) {
  const auto account =
      Send(CreateServiceAccountCommand{.name = "robot", .roles = {"reader"}}, &admin_);
  ASSERT_TRUE(account) << account.error().detail;
  const auto other =
      Send(CreateServiceAccountCommand{.name = "other-robot", .roles = {"reader"}}, &admin_);
  ASSERT_TRUE(other);
  // A key the account made for itself, with a token of the client credentials grant.
  const auto token = Send(ClientCredentialsGrant{.client_id = account->account.client_id,
                                                 .client_secret = account->client_secret});
  ASSERT_TRUE(token) << token.error().detail;
  const auto robot = *tokens_->Verify(token->access_token);
  const auto created = Send(CreateApiKeyCommand{.name = "robot key"}, &robot);
  ASSERT_TRUE(created) << created.error().detail;

  const auto unknown = Send(
      RevokeServiceAccountApiKeyCommand{.account_id = "no-such-account", .key_id = created->key.id},
      &admin_);
  EXPECT_EQ(unknown.error().code, domain::ErrorCode::kNotFound);
  const auto foreign = Send(
      RevokeServiceAccountApiKeyCommand{.account_id = other->account.id, .key_id = created->key.id},
      &admin_);
  EXPECT_EQ(foreign.error().code, domain::ErrorCode::kNotFound) << "not that account's key";
  const auto plain_user = Send(RevokeServiceAccountApiKeyCommand{.account_id = account->account.id,
                                                                 .key_id = created->key.id},
                               &holder_);
  EXPECT_EQ(plain_user.error().code, domain::ErrorCode::kForbidden);

  ASSERT_TRUE(Send(RevokeServiceAccountApiKeyCommand{.account_id = account->account.id,
                                                     .key_id = created->key.id},
                   &admin_));
  EXPECT_FALSE(Authenticator().Authenticate(created->text));
  const auto audit = Events(domain::audit::kApiKeyRevoked);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor_id, admin_.subject);
  EXPECT_NE(audit[0].details_json.find(R"("ownerType":"service_account")"), std::string::npos)
      << audit[0].details_json;
}

}  // namespace
}  // namespace rampart::application
