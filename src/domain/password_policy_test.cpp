#include "domain/password_policy.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TEST(PasswordPolicy, AcceptsLongPassphrasesWithoutCharacterClasses) {
  PasswordPolicy policy;
  EXPECT_TRUE(policy.Check("correct horse battery staple", "password").empty());
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
  PasswordPolicy policy;
  // 12 code points, 24 bytes: long enough.
  EXPECT_TRUE(policy.Check("ééééééééééé1", "password").empty());
  // 11 code points of 2 bytes each (22 bytes) is still too short.
  EXPECT_FALSE(policy.Check("ééééééééééé", "password").empty());
}

TEST(PasswordPolicy, EnforcesBounds) {
  PasswordPolicy policy{.min_length = 12, .max_length = 20};
  auto short_errors = policy.Check("short", "newPassword");
  ASSERT_EQ(short_errors.size(), 1u);
  EXPECT_EQ(short_errors[0].field, "newPassword");
  EXPECT_EQ(short_errors[0].message, "Password must be at least 12 characters.");
  EXPECT_EQ(policy.Check(std::string(21, 'x'), "password")[0].message,
            "Password must be at most 20 characters.");
}

TEST(PasswordPolicy, RejectsInvalidUtf8) {
  EXPECT_FALSE(PasswordPolicy{}.Check("abcdefghijkl\xff", "password").empty());
}

TEST(PasswordPolicy, RejectsPasswordsContainingTheEmailLocalPart) {
  auto email = Email::Parse("margaret@example.com");
  ASSERT_TRUE(email);
  auto errors = PasswordPolicy{}.Check("xxMARGARET-2026xx", "password", &*email);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Password must not contain your email address.");
}

}  // namespace
}  // namespace rampart::domain
