#include "domain/second_factor.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TimePoint At(long long seconds) { return TimePoint(std::chrono::seconds(seconds)); }

TEST(SecondFactor, StepsAreWholeThirtySecondPeriodsSinceTheEpoch) {
  // RFC 6238 Appendix B: T = floor(unix time / 30).
  EXPECT_EQ(TotpStepAt(At(59)), 1);
  EXPECT_EQ(TotpStepAt(At(1111111109)), 0x23523EC);
  EXPECT_EQ(TotpStepAt(At(1111111111)), 0x23523ED);
  EXPECT_EQ(TotpStepAt(At(2000000000)), 0x3F940AA);
}

TEST(SecondFactor, AcceptsOneStepOfSkewEitherWayCurrentFirst) {
  EXPECT_EQ(AcceptableTotpSteps(At(3000), std::nullopt), (std::vector<std::int64_t>{100, 99, 101}));
}

TEST(SecondFactor, NeverAcceptsTheLastUsedStepOrAnEarlierOne) {
  EXPECT_EQ(AcceptableTotpSteps(At(3000), 99), (std::vector<std::int64_t>{100, 101}));
  EXPECT_EQ(AcceptableTotpSteps(At(3000), 100), (std::vector<std::int64_t>{101}));
  EXPECT_TRUE(AcceptableTotpSteps(At(3000), 101).empty());
}

TEST(SecondFactor, NormalisesTypedCodes) {
  EXPECT_EQ(NormaliseTotpCode("123 456"), "123456");
  EXPECT_EQ(NormaliseTotpCode("123-456"), "123456");
  EXPECT_FALSE(NormaliseTotpCode("12345"));
  EXPECT_FALSE(NormaliseTotpCode("1234567"));
  EXPECT_FALSE(NormaliseTotpCode("12345a"));
  EXPECT_EQ(NormaliseRecoveryCode("ABCD EFGH-2345 6777"), "abcd-efgh-2345-6777");
  EXPECT_EQ(NormaliseRecoveryCode("abcdefgh23456777"), "abcd-efgh-2345-6777");
  EXPECT_FALSE(NormaliseRecoveryCode("abcd-efgh-2345-677"));   // too short
  EXPECT_FALSE(NormaliseRecoveryCode("abcd-efgh-2345-6778"));  // 8 is not base32
}

TEST(SecondFactor, AmrRoundTrips) {
  EXPECT_EQ(JoinAmr({"pwd", "otp"}), "pwd otp");
  EXPECT_EQ(SplitAmr("pwd otp"), (std::vector<std::string>{"pwd", "otp"}));
  EXPECT_TRUE(SplitAmr("").empty());
}

TEST(SecondFactor, AChallengeIsUsableOnceAndUntilItExpires) {
  MfaChallenge challenge{.expires_at = At(100)};
  EXPECT_TRUE(challenge.Usable(At(99)));
  EXPECT_FALSE(challenge.Usable(At(100)));
  challenge.used_at = At(50);
  EXPECT_FALSE(challenge.Usable(At(60)));
}

}  // namespace
}  // namespace rampart::domain
