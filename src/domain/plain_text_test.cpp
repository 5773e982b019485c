#include "domain/plain_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rampart::domain {
namespace {

TEST(PlainText, AcceptsOrdinaryTextInAnyScript) {
  for (const char* ok : {"", "Ada Lovelace", "Zoë Ødegård", "\xE6\x9D\xB1\xE4\xBA\xAC",  // 東京
                         "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",                              // שלום
                         "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",  // 👩‍💻: ZWJ inside
                         "Tom & Jerry <3"}) {
    EXPECT_EQ(CheckPlainText(ok), TextFault::kNone) << ok;
  }
}

TEST(PlainText, RefusesC0AndC1ControlsAndLineSeparators) {
  for (const char* bad : {"a\x01z", "a\x7Fz", "a\xC2\x85z" /* U+0085 NEL */,
                          "a\xC2\x9Bz" /* U+009B CSI */, "a\xE2\x80\xA8z" /* U+2028 */,
                          "a\xEF\xBF\xBEz" /* U+FFFE */}) {
    EXPECT_EQ(CheckPlainText(bad), TextFault::kControl) << bad;
  }
}

TEST(PlainText, RefusesBidirectionalOverridesIsolatesAndMarks) {
  for (const char* bad : {"\xE2\x80\xAE" "evil" /* U+202E RLO */, "a\xE2\x80\xAAz" /* LRE */,
                          "a\xE2\x81\xA6z" /* U+2066 LRI */, "a\xE2\x81\xA9z" /* U+2069 PDI */,
                          "a\xE2\x80\x8Fz" /* U+200F RLM */, "a\xD8\x9Cz" /* U+061C ALM */}) {
    EXPECT_EQ(CheckPlainText(bad), TextFault::kBidiControl) << bad;
  }
}

TEST(PlainText, RefusesTheByteOrderMarkAnywhere) {
  EXPECT_EQ(CheckPlainText("\xEF\xBB\xBF" "Ada"), TextFault::kByteOrderMark);
  EXPECT_EQ(CheckPlainText("Ada\xEF\xBB\xBF"), TextFault::kByteOrderMark);
}

TEST(PlainText, RefusesTextWithNothingVisible) {
  for (const char* bad : {"\xE2\x80\x8B" /* ZWSP */, "\xE2\x81\xA0\xE2\x81\xA0" /* U+2060 */,
                          "\xE3\x85\xA4" /* U+3164 Hangul filler */, "\xE2\xA0\x80" /* braille */,
                          "\xC2\xA0\xE3\x80\x80" /* NBSP, ideographic space */,
                          "\xE2\x80\x8C\xE2\x80\x8D" /* ZWNJ ZWJ */, "\xEF\xB8\x8F" /* VS16 */}) {
    EXPECT_EQ(CheckPlainText(bad), TextFault::kNothingVisible) << bad;
  }
  EXPECT_EQ(CheckPlainText("\xE2\x80\x8B" "a"), TextFault::kNone);  // invisible beside visible
}

TEST(PlainText, RefusesMalformedUtf8) {
  EXPECT_EQ(CheckPlainText("\xC3"), TextFault::kInvalidUtf8);
}

TEST(PlainText, DescribesEveryFault) {
  for (const auto fault : {TextFault::kInvalidUtf8, TextFault::kControl, TextFault::kBidiControl,
                           TextFault::kByteOrderMark, TextFault::kNothingVisible}) {
    EXPECT_TRUE(std::string(Describe(fault)).starts_with("must ")) << static_cast<int>(fault);
  }
  EXPECT_EQ(Describe(TextFault::kNone), "is valid");
}

}  // namespace
}  // namespace rampart::domain
