#include "infrastructure/security/base64url.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure {
namespace {

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode(std::string_view("")), "");
  EXPECT_EQ(Base64UrlEncode(std::string_view("f")), "Zg");
  EXPECT_EQ(Base64UrlEncode(std::string_view("fo")), "Zm8");
  EXPECT_EQ(Base64UrlEncode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(Base64UrlEncode(std::string_view("foobar")), "Zm9vYmFy");
  // The url-safe alphabet: 0xfb 0xff -> "-_8" (standard base64 would give "+/8=").
  EXPECT_EQ(Base64UrlEncode(std::string_view("\xfb\xff")), "-_8");
}

TEST(Base64Url, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string bytes = all.substr(0, n);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  }
}

TEST(Base64Url, DecodesValidInput) {
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode("-_8"), std::string("\xfb\xff"));
  EXPECT_EQ(Base64UrlDecode(""), "");
}

TEST(Base64Url, RejectsPaddingAndForeignCharacters) {
  EXPECT_FALSE(Base64UrlDecode("Zg=="));
  EXPECT_FALSE(Base64UrlDecode("Zm8="));
  EXPECT_FALSE(Base64UrlDecode("+/8"));  // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9 v"));
  EXPECT_FALSE(Base64UrlDecode("Zm9v\n"));
  EXPECT_FALSE(Base64UrlDecode("Zm9v."));
  EXPECT_FALSE(Base64UrlDecode(std::string_view("Zm\0v", 4)));
}

TEST(Base64Url, RejectsEveryByteOutsideTheAlphabet) {
  // libsodium 1.0.18 alone accepts some bytes >= 0x80 as aliases of alphabet characters.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int byte = 0; byte < 256; ++byte) {
    const char c = static_cast<char>(byte);
    const std::string text = std::string("Zm9v") + c + "A";
    EXPECT_EQ(Base64UrlDecode(text).has_value(), alphabet.find(c) != std::string::npos) << byte;
  }
}

TEST(Base64Url, RejectsImpossibleLengthAndNonCanonicalTrailingBits) {
  EXPECT_FALSE(Base64UrlDecode("Z"));
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));
  // "Zg" is "f"; "Zh" carries the same byte with non-zero unused bits.
  EXPECT_TRUE(Base64UrlDecode("Zg"));
  EXPECT_FALSE(Base64UrlDecode("Zh"));
  EXPECT_FALSE(Base64UrlDecode("Zm9"));
}

}  // namespace
}  // namespace rampart::infrastructure
