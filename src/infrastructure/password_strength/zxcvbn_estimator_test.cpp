#include "infrastructure/password_strength/zxcvbn_estimator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rampart::infrastructure {
namespace {

// Context words as application::PasswordContextWords makes them for Ada Lovelace,
// ada.lovelace@example.com, on a service called rampart.
const std::vector<std::string> kContext = {"ada.lovelace@example.com", "lovelace", "example",
                                           "rampart", "ada", "com"};

// The default minimum score (password.min_strength) is 3: these must stay below it.
const char* const kWeak[] = {
    "password123456",   // the three: a listed password with a suffix...
    "iloveyou1234",     //
    "1q2w3e4r5t6y7u",   // ...and a keyboard walk zxcvbn-c knows only in part
    "qwertyuiopasdf",   // keyboard rows
    "aaaaaaaaaaaaaa",   // repeats
    "abcdefghijklmn",   // a sequence
    "monkeymonkey12",   // a repeated word
    "hunter2hunter2",   //
    "Passw0rd1234!",    // l33t of a listed password
    "Summer2024!!!",    // word + year + repeats
    "lovelace1815ada",  // the account's own words and a date
    "rampartrampart1",  // the service's name
};

const char* const kStrong[] = {
    "correct horse battery staple",
    "zebra-lantern-oxide-47",
    "GlassPickle!Moon42",
    "purple monkey dishwasher",
    "blue-coffee-river-tent",
    "kR8#vLq2!pZ9wT",
    "Grüße aus Köln am Rhein",  // Unicode is allowed (NIST SP 800-63B)
};

TEST(ZxcvbnEstimator, WeakPasswordsScoreBelowThreeAndSayWhyWithoutQuotingThem) {
  const ZxcvbnEstimator estimator;
  for (const char* password : kWeak) {
    const auto strength = estimator.Estimate(password, kContext);
    EXPECT_LT(strength.score, 3) << password;
    EXPECT_FALSE(strength.warning.empty()) << password;
    ASSERT_FALSE(strength.suggestions.empty()) << password;
    EXPECT_EQ(strength.warning.find(password), std::string::npos);
    for (const auto& suggestion : strength.suggestions) {
      EXPECT_EQ(suggestion.find(password), std::string::npos);
    }
  }
}

TEST(ZxcvbnEstimator, StrongPasswordsScoreAtLeastThreeWithoutFeedback) {
  const ZxcvbnEstimator estimator;
  for (const char* password : kStrong) {
    const auto strength = estimator.Estimate(password, kContext);
    EXPECT_GE(strength.score, 3) << password;
    EXPECT_TRUE(strength.warning.empty()) << password;
  }
}

TEST(ZxcvbnEstimator, TheWarningNamesWhatGivesThePasswordAway) {
  const ZxcvbnEstimator estimator;
  EXPECT_EQ(estimator.Estimate("password123456", kContext).warning,
            "Common passwords and words are easy to guess, even with numbers or symbols around "
            "them.");
  EXPECT_EQ(estimator.Estimate("asdfghjkl;'", {}).warning,
            "Rows and patterns of keys on a keyboard are easy to guess.");
  EXPECT_EQ(estimator.Estimate("adalovelace99", kContext).warning,
            "It is built on your name, your e-mail address or the name of this service.");
}

TEST(ZxcvbnEstimator, ContextWordsLowerTheEstimate) {
  const ZxcvbnEstimator estimator;
  const std::vector<std::string> none;
  EXPECT_GE(estimator.Estimate("lovelace-example-rampart", none).score, 3);
  EXPECT_LT(estimator.Estimate("lovelace-example-rampart", kContext).score, 3);
}

TEST(ZxcvbnEstimator, ScoresFollowZxcvbnsGuessThresholds) {
  // 10^3, 10^6, 10^8, 10^10 guesses, in bits: 9.97, 19.9, 26.6, 33.2.
  EXPECT_EQ(ScoreOfEntropy(0), 0);
  EXPECT_EQ(ScoreOfEntropy(9.9), 0);
  EXPECT_EQ(ScoreOfEntropy(10.0), 1);
  EXPECT_EQ(ScoreOfEntropy(19.9), 1);
  EXPECT_EQ(ScoreOfEntropy(20.0), 2);
  EXPECT_EQ(ScoreOfEntropy(26.5), 2);
  EXPECT_EQ(ScoreOfEntropy(26.7), 3);
  EXPECT_EQ(ScoreOfEntropy(33.3), 4);
}

}  // namespace
}  // namespace rampart::infrastructure
