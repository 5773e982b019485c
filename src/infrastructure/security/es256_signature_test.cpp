#include "infrastructure/security/es256_signature.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure {
namespace {

std::vector<unsigned char> Bytes(std::initializer_list<int> values) {
  std::vector<unsigned char> out;
  for (int v : values) out.push_back(static_cast<unsigned char>(v));
  return out;
}

TEST(Es256Signature, DerToJosePadsSmallIntegers) {
  // SEQUENCE { INTEGER 1, INTEGER 0x80 (needs a leading zero in DER) }
  const auto der = Bytes({0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80});
  const auto jose = Es256FromDer(der);
  ASSERT_TRUE(jose);
  Es256Signature expected{};
  expected[31] = 0x01;
  expected[63] = 0x80;
  EXPECT_EQ(*jose, expected);
}

TEST(Es256Signature, RoundTripsFullWidthValues) {
  Es256Signature jose{};
  for (std::size_t i = 0; i < jose.size(); ++i) jose[i] = static_cast<unsigned char>(0xF0 - i);
  const auto der = Es256ToDer(jose);
  ASSERT_TRUE(der);
  EXPECT_EQ(Es256FromDer(*der), jose);
}

TEST(Es256Signature, RejectsWrongSizesAndZeroes) {
  EXPECT_FALSE(Es256ToDer(std::vector<unsigned char>(63, 1)));
  EXPECT_FALSE(Es256ToDer(std::vector<unsigned char>(65, 1)));
  EXPECT_FALSE(Es256ToDer(std::vector<unsigned char>{}));
  Es256Signature zero_r{};
  zero_r[63] = 1;
  EXPECT_FALSE(Es256ToDer(zero_r));
  Es256Signature zero_s{};
  zero_s[0] = 1;
  EXPECT_FALSE(Es256ToDer(zero_s));
}

TEST(Es256Signature, RejectsMalformedOrOversizedDer) {
  EXPECT_FALSE(Es256FromDer(Bytes({})));
  EXPECT_FALSE(Es256FromDer(Bytes({0x30, 0x03, 0x02, 0x01})));
  // Trailing garbage after a valid signature.
  EXPECT_FALSE(Es256FromDer(Bytes({0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00})));
  // r with 33 significant bytes does not fit P-256.
  std::vector<unsigned char> big = {0x30, 0x26, 0x02, 0x21};
  big.insert(big.end(), 33, 0x7F);
  big.insert(big.end(), {0x02, 0x01, 0x01});
  EXPECT_FALSE(Es256FromDer(big));
}

}  // namespace
}  // namespace rampart::infrastructure
