#include "application/auth/principal_access.hpp"

#include <gtest/gtest.h>

#include "application/api_keys/api_key_authenticator.hpp"

namespace rampart::application {
namespace {

domain::TimePoint At(long long seconds) { return domain::TimePoint(std::chrono::seconds(seconds)); }

domain::ApiKey Key() {
  return {.id = "k1",
          .public_id = "pub",
          .name = "ci",
          .owner_kind = domain::PrincipalKind::kUser,
          .owner_id = "u1",
          .expires_at = At(2000),
          .created_at = At(1000)};
}

TEST(PrincipalAccess, ApiKeyHonouredWhileLiveAndItsOwnerCanAct) {
  const auto key = Key();
  const auto claims = ClaimsOf(key);
  EXPECT_EQ(claims.api_key_id, "k1");
  EXPECT_EQ(claims.subject, "u1");
  EXPECT_TRUE(claims.session_id.empty());
  EXPECT_TRUE(CheckApiKey(key, true, claims, At(1999)));
  // Expired (the expiry is exclusive), revoked, owner unable to act, gone.
  EXPECT_FALSE(CheckApiKey(key, true, claims, At(2000)));
  auto revoked = key;
  revoked.revoked_at = At(1500);
  EXPECT_FALSE(CheckApiKey(revoked, true, claims, At(1501)));
  EXPECT_FALSE(CheckApiKey(key, false, claims, At(1500)));
  EXPECT_FALSE(CheckApiKey(std::nullopt, true, claims, At(1500)));
  const auto refused = CheckApiKey(key, false, claims, At(1500));
  EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthorized);
}

TEST(PrincipalAccess, ApiKeyMustBeTheOneTheClaimsName) {
  const auto key = Key();
  auto claims = ClaimsOf(key);
  claims.subject = "u2";
  EXPECT_FALSE(CheckApiKey(key, true, claims, At(1500)));
  claims = ClaimsOf(key);
  claims.kind = domain::PrincipalKind::kServiceAccount;  // same id, other kind of owner
  EXPECT_FALSE(CheckApiKey(key, true, claims, At(1500)));
  claims = ClaimsOf(key);
  claims.api_key_id = "k2";
  EXPECT_FALSE(CheckApiKey(key, true, claims, At(1500)));
}

TEST(PrincipalAccess, ServiceAccountTokenFollowsTheAccountsVersionAndState) {
  domain::ServiceAccount account{.id = "sa", .token_version = 3};
  AccessClaims claims{
      .subject = "sa", .token_version = 3, .kind = domain::PrincipalKind::kServiceAccount};
  EXPECT_TRUE(CheckServiceAccountToken(account, claims));
  claims.token_version = 2;  // issued before a rotation or a disable
  EXPECT_FALSE(CheckServiceAccountToken(account, claims));
  claims.token_version = 3;
  account.disabled = true;
  EXPECT_FALSE(CheckServiceAccountToken(account, claims));
  EXPECT_FALSE(CheckServiceAccountToken(std::nullopt, claims));
  EXPECT_FALSE(ServiceAccountCanAct(account));
  EXPECT_FALSE(ServiceAccountCanAct(std::nullopt));
}

TEST(PrincipalAccess, LockedOrDeletedUsersCannotAct) {
  domain::User user{.id = "u1", .email = *domain::Email::Parse("a@example.com")};
  EXPECT_TRUE(UserCanAct(user));
  user.locked = true;
  EXPECT_FALSE(UserCanAct(user));
  EXPECT_FALSE(UserCanAct(std::nullopt));
}

}  // namespace
}  // namespace rampart::application
