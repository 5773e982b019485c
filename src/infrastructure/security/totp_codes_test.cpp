#include "infrastructure/security/totp_codes.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "domain/second_factor.hpp"
#include "infrastructure/security/base32.hpp"

namespace rampart::infrastructure {
namespace {

// The key of the RFC 4226 and RFC 6238 (SHA-1) test vectors: ASCII "12345678901234567890".
const std::string kRfcKey = "12345678901234567890";

std::span<const unsigned char> Key() {
  return {reinterpret_cast<const unsigned char*>(kRfcKey.data()), kRfcKey.size()};
}

TEST(Hotp, MatchesRfc4226AppendixD) {
  const char* const expected[] = {"755224", "287082", "359152", "969429", "338314",
                                  "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(Hotp(Key(), counter, 6), expected[counter]) << counter;
  }
}

TEST(Hotp, MatchesRfc6238AppendixBForSha1) {
  const std::pair<long long, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [unix_time, code] : vectors) {
    const auto step = domain::TotpStepAt(domain::TimePoint(std::chrono::seconds(unix_time)));
    EXPECT_EQ(Hotp(Key(), static_cast<std::uint64_t>(step), 8), code) << unix_time;
  }
}

TEST(TotpCodes, ComputesSixDigitCodesFromABase32Secret) {
  TotpCodes codes;
  const auto secret = Base32Encode(Key());
  EXPECT_EQ(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(codes.Code(secret, 1), "287082");
  EXPECT_EQ(codes.Code("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", 1), "287082");  // either case
  EXPECT_FALSE(codes.Code("not base32!", 1));
  EXPECT_FALSE(codes.Code("", 1));
}

TEST(TotpCodes, MatchesACodeAgainstSeveralCounters) {
  TotpCodes codes;
  const auto secret = Base32Encode(Key());
  const std::int64_t counters[] = {3, 1, 4};
  EXPECT_EQ(codes.Match(secret, "287082", counters), 1);  // counter 1's code
  EXPECT_EQ(codes.Match(secret, "969429", counters), 3);
  EXPECT_FALSE(codes.Match(secret, "755224", counters));  // counter 0's: not among them
  EXPECT_FALSE(codes.Match(secret, "28708", counters));
  EXPECT_FALSE(codes.Match("not base32!", "287082", counters));
}

TEST(TotpCodes, NewSecretsHave160BitsAndDiffer) {
  TotpCodes codes;
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const auto secret = codes.NewSecret();
    EXPECT_EQ(secret.size(), 32u);  // 20 bytes in base32
    EXPECT_EQ(Base32Decode(secret)->size(), 20u);
    seen.insert(secret);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(TotpCodes, RecoveryCodesAreFourGroupsOfFourBase32Characters) {
  TotpCodes codes;
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const auto code = codes.NewRecoveryCode();
    EXPECT_EQ(code.size(), 19u) << code;
    EXPECT_EQ(domain::NormaliseRecoveryCode(code), code);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Base32, MatchesRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},          {"f", "MY"},          {"fo", "MZXQ"},        {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode({reinterpret_cast<const unsigned char*>(plain.data()), plain.size()}),
              encoded);
    EXPECT_EQ(Base32Decode(encoded), plain);
    EXPECT_EQ(Base32Decode(encoded + "======"), plain);  // padding is ignored
  }
  EXPECT_EQ(Base32Decode("mzxw 6ytb-oi"), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1"));  // 1 is not in the alphabet
  EXPECT_FALSE(Base32Decode("MZ"));     // "f" is MY: nonzero trailing bits
}

}  // namespace
}  // namespace rampart::infrastructure
