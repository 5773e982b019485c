// The settings of password strength and two-factor sign-in (password.min_strength, mfa.*): their
// defaults and what each refuses, naming the setting.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "main/config/config.hpp"

namespace rampart::config {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::expected<Settings, std::string> LoadEnvironment(std::map<std::string, std::string> environment) {
  return Load({.config_dir = "/nonexistent-rampart-config", .environment = std::move(environment)});
}

std::string ErrorOf(std::map<std::string, std::string> environment) {
  auto loaded = LoadEnvironment(std::move(environment));
  EXPECT_FALSE(loaded.has_value());
  return loaded ? std::string() : loaded.error();
}

TEST(SignInSettings, Defaults) {
  const auto loaded = LoadEnvironment({});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->password_min_strength, 3);
  EXPECT_TRUE(loaded->mfa_enabled);
  EXPECT_EQ(loaded->mfa_encryption_key, "");
  EXPECT_EQ(loaded->mfa_challenge_ttl, 5min);
  EXPECT_TRUE(loaded->mfa_required_for.empty());
  EXPECT_EQ(loaded->mfa_issuer, "");  // main/second_factor_wiring: telemetry.service then
}

TEST(SignInSettings, RefusalsNameTheSetting) {
  EXPECT_THAT(ErrorOf({{"RAMPART_PASSWORD_MIN_STRENGTH", "5"}}),
              HasSubstr("password.min_strength"));
  EXPECT_THAT(ErrorOf({{"RAMPART_MFA_CHALLENGE_TTL", "10s"}}),
              AllOf(HasSubstr("mfa.challenge_ttl"), HasSubstr("between 30s and 1h")));
  const auto short_key = ErrorOf({{"RAMPART_MFA_ENCRYPTION_KEY", "too-short-a-key"}});
  EXPECT_THAT(short_key, AllOf(HasSubstr("mfa.encryption_key"), HasSubstr("at least 32")));
  EXPECT_THAT(short_key, Not(HasSubstr("too-short-a-key")));  // a secret is never echoed
  EXPECT_THAT(ErrorOf({{"RAMPART_MFA_REQUIRED_FOR", "users.read,users.fly"}}),
              AllOf(HasSubstr("mfa.required_for"), HasSubstr("users.fly")));
}

TEST(SignInSettings, RequiredPermissionsAreAList) {
  const auto loaded = LoadEnvironment({{"RAMPART_MFA_REQUIRED_FOR", "users.write, roles.manage"}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_THAT(loaded->mfa_required_for, ElementsAre("users.write", "roles.manage"));
}

}  // namespace
}  // namespace rampart::config
