#include "common/json_escape.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rampart::log {
namespace {

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonEscaped(out, text);
  return out;
}

TEST(JsonEscapeTest, PlainTextIsUnchanged) {
  EXPECT_EQ(Escaped("GET /api/v1/notes?page=2"), "GET /api/v1/notes?page=2");
  EXPECT_EQ(Escaped(""), "");
}

TEST(JsonEscapeTest, QuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(Escaped(R"(say "hi" \o/)"), R"(say \"hi\" \\o/)");
}

TEST(JsonEscapeTest, ControlCharactersAreEscaped) {
  EXPECT_EQ(Escaped("a\nb\rc\td\be\ff"), R"(a\nb\rc\td\be\ff)");
  EXPECT_EQ(Escaped(std::string_view("\x00\x01\x1f\x7f", 4)), R"(\u0000\u0001\u001f\u007f)");
}

TEST(JsonEscapeTest, ValidUtf8PassesThrough) {
  EXPECT_EQ(Escaped("café"), "café");
  EXPECT_EQ(Escaped("日本語"), "日本語");
  EXPECT_EQ(Escaped("\xF0\x9F\x94\x91"), "\xF0\x9F\x94\x91");  // 🔑, four bytes
}

TEST(JsonEscapeTest, InvalidUtf8BecomesReplacementCharacter) {
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(Escaped("a\xFFz"), "a" + replacement + "z");
  EXPECT_EQ(Escaped("\xC3"), replacement);                    // truncated sequence
  EXPECT_EQ(Escaped("\xC0\xAF"), replacement + replacement);  // overlong '/'
  EXPECT_EQ(Escaped("\xED\xA0\x80"), replacement + replacement + replacement);  // surrogate
  EXPECT_EQ(Escaped("\xF4\x90\x80\x80"),                                        // above U+10FFFF
            replacement + replacement + replacement + replacement);
}

TEST(JsonEscapeTest, AppendJsonStringAddsQuotes) {
  std::string out = "x=";
  AppendJsonString(out, "a\"b");
  EXPECT_EQ(out, R"(x="a\"b")");
}

}  // namespace
}  // namespace rampart::log
