#include "api/endpoints/oauth_form.hpp"

#include <gtest/gtest.h>

namespace rampart::api {
namespace {

TEST(OAuthForm, ParsesAFormBody) {
  const auto form = ParseForm("grant_type=client_credentials&scope=users.read+audit.read&x=%41&e");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->at("grant_type"), "client_credentials");
  EXPECT_EQ(form->at("scope"), "users.read audit.read");
  EXPECT_EQ(form->at("x"), "A");
  EXPECT_EQ(form->at("e"), "");
}

TEST(OAuthForm, RefusesARepeatedParameterOrABadEscape) {
  EXPECT_FALSE(ParseForm("scope=a&scope=b"));
  EXPECT_FALSE(ParseForm("scope=%zz"));
}

TEST(OAuthForm, RecognisesTheFormMediaType) {
  EXPECT_TRUE(IsFormMediaType("application/x-www-form-urlencoded"));
  EXPECT_TRUE(IsFormMediaType("Application/X-WWW-Form-URLEncoded; charset=UTF-8"));
  EXPECT_FALSE(IsFormMediaType("application/x-www-form-urlencoded; charset=latin1"));
  EXPECT_FALSE(IsFormMediaType("application/json"));
  EXPECT_FALSE(IsFormMediaType(""));
}

TEST(OAuthForm, ReadsHttpBasicClientCredentials) {
  // base64("rpsa_abc:s%2Bcret") — the secret is form-encoded before base64 (RFC 6749 §2.3.1).
  const auto credentials = BasicCredentials("Basic cnBzYV9hYmM6cyUyQmNyZXQ=");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->client_id, "rpsa_abc");
  EXPECT_EQ(credentials->client_secret, "s+cret");
  EXPECT_TRUE(BasicCredentials("basic  cnBzYV9hYmM6eA=="));
  EXPECT_FALSE(BasicCredentials("Basic not-base64!"));
  EXPECT_FALSE(BasicCredentials("Basic cnBzYQ=="));  // "rpsa": no colon
  EXPECT_FALSE(BasicCredentials("Bearer cnBzYV9hYmM6eA=="));
  EXPECT_TRUE(IsBasicScheme("BASIC x"));
}

}  // namespace
}  // namespace rampart::api
