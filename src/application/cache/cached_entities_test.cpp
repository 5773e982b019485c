#include "application/cache/cached_entities.hpp"

#include <gtest/gtest.h>

#include "application/cache/cache_keys.hpp"

namespace rampart::application {
namespace {

domain::TimePoint At(long long seconds) { return domain::TimePoint(std::chrono::seconds(seconds)); }

TEST(CacheKeys, FollowTheNamingScheme) {
  const CacheKeys keys("production");
  EXPECT_EQ(keys.User("42"), "rampart:production:user:42:v1");
  EXPECT_EQ(keys.Session("s"), "rampart:production:session:s:v1");
  EXPECT_EQ(keys.Permissions("42"), "rampart:production:permissions:42:v1");
  EXPECT_TRUE(keys.Permissions("42").starts_with(keys.PermissionsPrefix()));
  EXPECT_FALSE(keys.User("42").starts_with(keys.PermissionsPrefix()));
}

TEST(CachedEntities, AUserRoundTripsWithoutItsSecrets) {
  domain::User user{.id = "u1", .email = *domain::Email::Parse("a.b+x@example.com")};
  user.display_name = "Ada 12:3 \n";
  user.password_hash = "$argon2id$secret";
  user.email_verified = true;
  user.token_version = 7;
  user.failed_logins = 3;
  user.roles = {"admin", "", "user"};
  user.created_at = At(1000);
  user.updated_at = At(2000);
  const std::string value = EncodeUser(user);
  EXPECT_EQ(value.find("argon2id"), std::string::npos);
  auto decoded = DecodeUser(value);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->id, "u1");
  EXPECT_EQ(decoded->email.value(), "a.b+x@example.com");
  EXPECT_EQ(decoded->display_name, user.display_name);
  EXPECT_TRUE(decoded->email_verified);
  EXPECT_FALSE(decoded->locked);
  EXPECT_EQ(decoded->token_version, 7);
  EXPECT_EQ(decoded->roles, user.roles);
  EXPECT_EQ(decoded->created_at, At(1000));
  EXPECT_EQ(decoded->updated_at, At(2000));
  EXPECT_TRUE(decoded->password_hash.empty());
  EXPECT_EQ(decoded->failed_logins, 0);
}

TEST(CachedEntities, ASessionRoundTripsWithAndWithoutRevocation) {
  domain::Session session{.id = "s1", .user_id = "u1"};
  session.created_at = At(1);
  session.last_used_at = At(2);
  session.idle_expires_at = At(3);
  session.absolute_expires_at = At(4);
  auto active = DecodeSession(EncodeSession(session));
  ASSERT_TRUE(active);
  EXPECT_EQ(active->revoked_at, std::nullopt);
  EXPECT_EQ(active->idle_expires_at, At(3));
  session.revoked_at = At(5);
  session.revoked_reason = "logout";
  auto revoked = DecodeSession(EncodeSession(session));
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->revoked_at, At(5));
  EXPECT_EQ(revoked->revoked_reason, "logout");
  EXPECT_EQ(revoked->user_id, "u1");
}

TEST(CachedEntities, NamesRoundTrip) {
  EXPECT_EQ(DecodeNames(EncodeNames({})), std::vector<std::string>{});
  EXPECT_EQ(DecodeNames(EncodeNames({"users.read", "a:b"})),
            (std::vector<std::string>{"users.read", "a:b"}));
}

TEST(CachedEntities, AServiceAccountRoundTripsWithoutItsSecretHash) {
  domain::ServiceAccount account{.id = "sa1",
                                 .name = "exporter: nightly",
                                 .client_id = "rpsa_x",
                                 .secret_hash = "deadbeef",
                                 .disabled = true,
                                 .token_version = 4};
  const auto encoded = EncodeServiceAccount(account);
  EXPECT_EQ(encoded.find("deadbeef"), std::string::npos);
  const auto decoded = DecodeServiceAccount(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->id, "sa1");
  EXPECT_EQ(decoded->name, "exporter: nightly");
  EXPECT_EQ(decoded->client_id, "rpsa_x");
  EXPECT_TRUE(decoded->disabled);
  EXPECT_EQ(decoded->token_version, 4);
  EXPECT_TRUE(decoded->secret_hash.empty());
}

TEST(CachedEntities, AnApiKeyRoundTripsWithoutItsSecretHash) {
  domain::ApiKey key{.id = "k1",
                     .public_id = "pub",
                     .secret_hash = "cafebabe",
                     .name = "ci:1",
                     .owner_kind = domain::PrincipalKind::kServiceAccount,
                     .owner_id = "sa1",
                     .permissions = std::vector<std::string>{"audit.read", "users.read"},
                     .expires_at = At(9000),
                     .created_at = At(1000),
                     .revoked_at = At(5000)};
  const auto encoded = EncodeApiKey(key);
  EXPECT_EQ(encoded.find("cafebabe"), std::string::npos);
  auto decoded = DecodeApiKey(encoded);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->id, "k1");
  EXPECT_EQ(decoded->public_id, "pub");
  EXPECT_EQ(decoded->name, "ci:1");
  EXPECT_EQ(decoded->owner_kind, domain::PrincipalKind::kServiceAccount);
  EXPECT_EQ(decoded->owner_id, "sa1");
  EXPECT_EQ(decoded->permissions, key.permissions);
  EXPECT_EQ(decoded->expires_at, At(9000));
  EXPECT_EQ(decoded->created_at, At(1000));
  EXPECT_EQ(decoded->revoked_at, At(5000));
  EXPECT_TRUE(decoded->secret_hash.empty());
  // No permissions (all of the owner's) is not the same as an empty list.
  key.permissions.reset();
  key.expires_at.reset();
  key.revoked_at.reset();
  decoded = DecodeApiKey(EncodeApiKey(key));
  ASSERT_TRUE(decoded);
  EXPECT_FALSE(decoded->permissions.has_value());
  EXPECT_FALSE(decoded->expires_at.has_value());
  EXPECT_FALSE(decoded->revoked_at.has_value());
  key.permissions = std::vector<std::string>{};
  EXPECT_EQ(DecodeApiKey(EncodeApiKey(key))->permissions, std::vector<std::string>{});
  EXPECT_FALSE(DecodeApiKey(EncodeServiceAccount(domain::ServiceAccount{})));
  EXPECT_FALSE(DecodeServiceAccount(EncodeApiKey(key)));
}

TEST(CachedEntities, AnythingElseIsUnreadableNotAnError) {
  for (const std::string bad :
       {"", "garbage", "5:user1", "5:user12:u1", "6:names12:x", "8:session1", "6:names11:25:a"}) {
    EXPECT_FALSE(DecodeUser(bad)) << bad;
    EXPECT_FALSE(DecodeSession(bad)) << bad;
    EXPECT_FALSE(DecodeNames(bad)) << bad;
  }
  // Another entity's value is not mistaken for this one.
  EXPECT_FALSE(DecodeUser(EncodeNames({"x"})));
  EXPECT_FALSE(DecodeNames(EncodeSession(domain::Session{})));
}

}  // namespace
}  // namespace rampart::application
