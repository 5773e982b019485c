#include "domain/password_policy.hpp"

#include "domain/common_passwords.hpp"

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
  const auto errors = PasswordPolicy{}.Check("abcdefghijkl\xff", "password");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Password must be valid UTF-8.");
}

TEST(PasswordPolicy, AnEmptyPasswordIsRequiredNotShort) {
  const auto errors = PasswordPolicy{}.Check("", "newPassword");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "newPassword");
  EXPECT_EQ(errors[0].message, "Password is required.");
}

TEST(PasswordPolicy, RejectsPasswordsContainingTheEmailLocalPart) {
  auto email = Email::Parse("margaret@example.com");
  ASSERT_TRUE(email);
  auto errors = PasswordPolicy{}.Check("xxMARGARET-2026xx", "password", &*email);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "Password must not contain your email address.");
}

TEST(PasswordPolicy, RejectsCommonPasswordsCaseInsensitively) {
  PasswordPolicy policy;
  for (const char* common :
       {"qwerty123456", "1qaz2wsx3edc", "LeaveMeAlone", "123456789987654321"}) {
    auto errors = policy.Check(common, "password");
    ASSERT_EQ(errors.size(), 1u) << common;
    EXPECT_EQ(errors[0].message,
              "This password is too common: it appears in lists of breached passwords.");
  }
  EXPECT_TRUE(policy.Check("qwerty123456 but longer", "password").empty());
}

TEST(PasswordPolicy, CommonPasswordCheckCanBeSwitchedOff) {
  PasswordPolicy policy{.reject_common = false};
  EXPECT_TRUE(policy.Check("qwerty123456", "password").empty());
}

TEST(CommonPasswords, HoldsTheWholeBundledList) {
  EXPECT_EQ(CommonPasswordCount(), 17950u);
  EXPECT_TRUE(IsCommonPassword("password"));  // the most common of all
  EXPECT_TRUE(IsCommonPassword("PASSWORD"));
  EXPECT_FALSE(IsCommonPassword(""));
  EXPECT_FALSE(IsCommonPassword("a rather unusual passphrase"));
}

}  // namespace
TEST(CommonPasswords, FindsTheLongestListedPasswordAtEachPosition) {
  // The list misses these whole (a common password with a suffix), not their parts.
  EXPECT_FALSE(IsCommonPassword("password123456"));
  const auto within = CommonPasswordsWithin("PASSWORD123456");
  ASSERT_FALSE(within.empty());
  EXPECT_EQ(within.front(), "password1234");  // case-insensitive, longest at position 0
  const auto keyboard = CommonPasswordsWithin("1q2w3e4r5t6y7u");
  ASSERT_FALSE(keyboard.empty());
  EXPECT_EQ(keyboard.front(), "1q2w3e4r5t6y");
  EXPECT_TRUE(CommonPasswordsWithin("zebra-lantern-oxide").empty());
  EXPECT_TRUE(CommonPasswordsWithin("").empty());
}

}  // namespace rampart::domain
