#include "domain/utf8.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("h\xC3\xA9llo"), 5u);          // é
  EXPECT_EQ(Utf8Length("\xE2\x82\xAC"), 1u);          // €
  EXPECT_EQ(Utf8Length("\xF0\x9F\x94\x92"), 1u);      // 🔒
}

TEST(Utf8Length, RejectsMalformedSequences) {
  EXPECT_FALSE(Utf8Length("\xC3"));                   // truncated
  EXPECT_FALSE(Utf8Length("\xC0\xAF"));               // overlong '/'
  EXPECT_FALSE(Utf8Length("\xED\xA0\x80"));           // surrogate
  EXPECT_FALSE(Utf8Length("\xF4\x90\x80\x80"));       // > U+10FFFF
  EXPECT_FALSE(Utf8Length("\x80"));                   // stray continuation
  EXPECT_FALSE(Utf8Length("\xE2\x28\xA1"));           // bad continuation
}

TEST(DecodeUtf8, YieldsCodePointsOrNothing) {
  EXPECT_EQ(DecodeUtf8("h\xC3\xA9\xF0\x9F\x94\x92"), std::u32string(U"h\u00E9\U0001F512"));
  EXPECT_EQ(DecodeUtf8(""), std::u32string());
  EXPECT_FALSE(DecodeUtf8("ok\xC3"));
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80"));
}

}  // namespace
}  // namespace rampart::domain
