#include "infrastructure/redis/redis_url.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure::redis {
namespace {

TEST(RedisUrl, ParsesHostPortAndDefaults) {
  auto endpoint = ParseRedisUrl("redis://cache.internal");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->host, "cache.internal");
  EXPECT_EQ(endpoint->port, 6379);
  EXPECT_EQ(endpoint->database, 0);
  EXPECT_FALSE(endpoint->tls);
  EXPECT_TRUE(endpoint->password.empty());
}

TEST(RedisUrl, ParsesPasswordDatabaseAndTls) {
  auto endpoint = ParseRedisUrl("rediss://:s%40cret:x@127.0.0.1:6380/3");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_TRUE(endpoint->tls);
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 6380);
  EXPECT_EQ(endpoint->database, 3);
  EXPECT_EQ(endpoint->username, "");
  EXPECT_EQ(endpoint->password, "s@cret:x");
}

TEST(RedisUrl, ParsesAclUserAndShorthandPassword) {
  auto acl = ParseRedisUrl("redis://app:pw@h:1/");
  ASSERT_TRUE(acl) << acl.error();
  EXPECT_EQ(acl->username, "app");
  EXPECT_EQ(acl->password, "pw");
  auto shorthand = ParseRedisUrl("redis://pw@h");
  ASSERT_TRUE(shorthand) << shorthand.error();
  EXPECT_EQ(shorthand->username, "");
  EXPECT_EQ(shorthand->password, "pw");
}

TEST(RedisUrl, ParsesBracketedIpv6) {
  auto endpoint = ParseRedisUrl("redis://[::1]:7000/1");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->host, "::1");
  EXPECT_EQ(endpoint->port, 7000);
  EXPECT_EQ(endpoint->database, 1);
}

TEST(RedisUrl, RefusesMalformedUrls) {
  for (const char* bad : {"http://h", "redis://", "redis://:pw@", "redis://h:0", "redis://h:99999",
                          "redis://h:x", "redis://h/abc", "redis://h/-1", "redis://h?x=1",
                          "redis://[::1", "redis://[::1]x", "redis://%zz@h"}) {
    EXPECT_FALSE(ParseRedisUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace rampart::infrastructure::redis
