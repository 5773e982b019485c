#include "common/server_url.hpp"

#include <gtest/gtest.h>

namespace rampart::net {
namespace {

TEST(ServerUrl, SplitsEveryPart) {
  const auto url = ParseServerUrl("smtps://app:p%40ss@mail.internal:4650/3", {"smtp", "smtps"});
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->scheme, "smtps");
  EXPECT_EQ(url->user, "app");
  EXPECT_EQ(url->password, "p@ss");
  EXPECT_EQ(url->host, "mail.internal");
  EXPECT_EQ(url->port, 4650);
  EXPECT_EQ(url->path, "/3");
}

TEST(ServerUrl, TellsAbsentPartsFromEmptyOnes) {
  const auto bare = ParseServerUrl("smtp://mail.example.com", {"smtp"});
  ASSERT_TRUE(bare) << bare.error();
  EXPECT_FALSE(bare->user);
  EXPECT_FALSE(bare->password);
  EXPECT_FALSE(bare->port);
  EXPECT_EQ(bare->path, "");
  const auto empty_user = ParseServerUrl("smtp://:pw@h/", {"smtp"});
  ASSERT_TRUE(empty_user) << empty_user.error();
  EXPECT_EQ(empty_user->user, "");
  EXPECT_EQ(empty_user->password, "pw");
  EXPECT_EQ(empty_user->path, "/");
  const auto user_only = ParseServerUrl("smtp://u@h", {"smtp"});
  ASSERT_TRUE(user_only) << user_only.error();
  EXPECT_EQ(user_only->user, "u");
  EXPECT_FALSE(user_only->password);
}

TEST(ServerUrl, TheLastAtSignEndsTheUserInfo) {
  const auto url = ParseServerUrl("smtp://relay@example.com:se/cret@[::1]:2525", {"smtp"});
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->user, "relay@example.com");
  EXPECT_EQ(url->password, "se/cret");
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 2525);
}

TEST(ServerUrl, RefusesWithAReasonThatNeverQuotesTheUrl) {
  const std::pair<const char*, const char*> cases[] = {
      {"http://h", "must start with smtp:// or smtps://"},
      {"smtp://", "must start with smtp:// or smtps://"},
      {"smtp://h?x=1", "must not have a query or fragment"},
      {"smtp://h#top", "must not have a query or fragment"},
      {"smtp://u:p%zzw@h", "has an invalid character or percent escape in its credentials"},
      {"smtp://u:p%0Aw@h", "has an invalid character or percent escape in its credentials"},
      {"smtp://u\tx:pw@h", "has an invalid character or percent escape in its credentials"},
      {"smtp://:pw@", "has no host"},
      {"smtp://:pw@:1", "has no host"},
      {"smtp://ho st", "has an invalid host name"},
      {"smtp://[::1", "has an unclosed [IPv6] host"},
      {"smtp://[::1]x", "has text after the [IPv6] host"},
      {"smtp://[g::1]", "has an invalid [IPv6] host"},
      {"smtp://[]", "has an invalid [IPv6] host"},
      {"smtp://h:", "has an invalid port"},
      {"smtp://h:0", "has an invalid port"},
      {"smtp://h:65536", "has an invalid port"},
      {"smtp://h:6x", "has an invalid port"},
      {"smtp://h:-1", "has an invalid port"},
  };
  for (const auto& [text, reason] : cases) {
    const auto url = ParseServerUrl(text, {"smtp", "smtps"});
    ASSERT_FALSE(url) << text;
    EXPECT_EQ(url.error(), reason) << text;
  }
}

}  // namespace
}  // namespace rampart::net
