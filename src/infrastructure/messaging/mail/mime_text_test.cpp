#include "infrastructure/messaging/mail/mime_text.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace rampart::infrastructure::messaging {
namespace {

std::string FromBase64(std::string_view text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    buffer = (buffer << 6) | static_cast<unsigned>(kAlphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

// The text of a header value made of encoded words (what a mail reader shows), and each word.
std::string DecodeWords(const std::string& value, std::vector<std::string>* words = nullptr) {
  const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string text;
  for (std::sregex_iterator it(value.begin(), value.end(), word), end; it != end; ++it) {
    text += FromBase64((*it)[1].str());
    if (words != nullptr) words->push_back(it->str());
  }
  return text;
}

std::string DecodeQuotedPrintable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

std::vector<std::string> Lines(const std::string& crlf_text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = crlf_text.find("\r\n"); end != std::string::npos;
       start = end + 2, end = crlf_text.find("\r\n", start)) {
    lines.push_back(crlf_text.substr(start, end - start));
  }
  lines.push_back(crlf_text.substr(start));
  return lines;
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
}

TEST(HeaderText, PlainAsciiStaysAsItIs) {
  EXPECT_EQ(EncodeHeaderText("Verify your e-mail address"), "Verify your e-mail address");
  EXPECT_EQ(EncodeHeaderText("a\r\nBcc: eve@example.com"), "a  Bcc: eve@example.com");
}

TEST(HeaderText, NonAsciiBecomesEncodedWordsOfAtMost64CharactersWithoutSplittingACharacter) {
  // 40 × "ü" (2 bytes each) + "€" (3 bytes): more than one word's worth of bytes.
  std::string subject;
  for (int i = 0; i < 40; ++i) subject += "\xC3\xBC";
  subject += "\xE2\x82\xAC";
  const auto encoded = EncodeHeaderText(subject);
  std::vector<std::string> words;
  EXPECT_EQ(DecodeWords(encoded, &words), subject);
  ASSERT_GE(words.size(), 3U) << encoded;
  for (const auto& word : words) {
    EXPECT_LE(word.size(), 64U) << word;
    const auto bytes = FromBase64(word.substr(10, word.size() - 12));
    // Every word decodes to whole characters: no lead byte is left without its continuation.
    EXPECT_EQ(bytes.size() % 2 == 0 || bytes.ends_with("\xE2\x82\xAC"), true) << word;
  }
  // Words are folded onto continuation lines, never a bare line break.
  for (const auto& line : Lines(encoded)) EXPECT_LE(line.size(), 65U) << line;
  EXPECT_EQ(encoded.find("\r\n="), std::string::npos);
}

TEST(HeaderText, TextThatLooksLikeAnEncodedWordIsEncoded) {
  const auto encoded = EncodeHeaderText("=?UTF-8?B?ZXZpbA==?=");
  EXPECT_NE(encoded, "=?UTF-8?B?ZXZpbA==?=");
  EXPECT_EQ(DecodeWords(encoded), "=?UTF-8?B?ZXZpbA==?=");
}

TEST(Mailbox, ParsesTheFormsOfMailFrom) {
  auto plain = ParseMailbox("no-reply@example.com");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_EQ(plain->display_name, "");
  EXPECT_EQ(plain->address, "no-reply@example.com");
  auto named = ParseMailbox("  rampart <no-reply@localhost> ");
  ASSERT_TRUE(named) << named.error();
  EXPECT_EQ(named->display_name, "rampart");
  EXPECT_EQ(named->address, "no-reply@localhost");
  auto quoted = ParseMailbox(R"("Acme, Inc. \"ID\"" <id@acme.test>)");
  ASSERT_TRUE(quoted) << quoted.error();
  EXPECT_EQ(quoted->display_name, R"(Acme, Inc. "ID")");
  auto unicode = ParseMailbox("Zo\xC3\xAB's Caf\xC3\xA9 <cafe@example.com>");
  ASSERT_TRUE(unicode) << unicode.error();
  EXPECT_EQ(unicode->display_name, "Zo\xC3\xAB's Caf\xC3\xA9");
}

TEST(Mailbox, RefusesWhatIsNotAMailbox) {
  for (const char* bad :
       {"", "rampart", "@example.com", "a@", "a b@example.com", "Name <a@example.com",
        "Name a@example.com>", "x <a@b>\r\nBcc: e@x", "x <a@b@c>", "x <a(b)@c>", "x\x01y <a@b>",
        "\xC3 <a@b>", "n <\xC3\xA9@example.com>"}) {
    EXPECT_FALSE(ParseMailbox(bad)) << bad;
  }
}

TEST(Mailbox, DisplayNamesAreAtomsQuotedStringsOrEncodedWords) {
  EXPECT_EQ(FormatMailbox({"", "a@b.test"}), "<a@b.test>");
  EXPECT_EQ(FormatMailbox({"rampart", "a@b.test"}), "rampart <a@b.test>");
  EXPECT_EQ(FormatMailbox({"Acme Identity", "a@b.test"}), "Acme Identity <a@b.test>");
  EXPECT_EQ(FormatMailbox({R"(Acme, Inc. "ID" \ x)", "a@b.test"}),
            R"("Acme, Inc. \"ID\" \\ x" <a@b.test>)");
  const auto encoded = FormatMailbox({"Caf\xC3\xA9 M\xC3\xBCller", "a@b.test"});
  EXPECT_EQ(encoded, "=?UTF-8?B?Q2Fmw6kgTcO8bGxlcg==?= <a@b.test>");
  EXPECT_EQ(DecodeWords(encoded), "Caf\xC3\xA9 M\xC3\xBCller");
}

TEST(QuotedPrintable, EncodesWhatIsNotPrintableAsciiAndKeepsLinesShort) {
  EXPECT_EQ(QuotedPrintable("Gr\xC3\xBC\xC3\x9F"
                            "e a=b\r\n"),
            "Gr=C3=BC=C3=9Fe a=3Db\r\n");
  EXPECT_EQ(QuotedPrintable("trailing \r\ntab\t\r\n"), "trailing=20\r\ntab=09\r\n");
  std::string long_line(200, 'x');
  long_line += "\xC3\xA9\r\n";
  const auto encoded = QuotedPrintable(long_line);
  for (const auto& line : Lines(encoded)) EXPECT_LE(line.size(), 76U) << line;
  EXPECT_EQ(DecodeQuotedPrintable(encoded), long_line);
}

TEST(QuotedPrintable, RoundTripsEveryByte) {
  std::string text;
  for (int round = 0; round < 3; ++round) {
    for (int c = 0; c < 256; ++c) {
      if (c != '\r' && c != '\n') text += static_cast<char>(c);
    }
    text += "\r\n";
  }
  const auto encoded = QuotedPrintable(text);
  for (const auto& line : Lines(encoded)) {
    EXPECT_LE(line.size(), 76U) << line;
    for (const unsigned char c : line) EXPECT_TRUE((c >= 0x20 && c < 0x7f) || c == '\t') << line;
  }
  EXPECT_EQ(DecodeQuotedPrintable(encoded), text);
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
