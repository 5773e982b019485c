#include "infrastructure/messaging/mail/eml.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rampart::infrastructure::messaging {
namespace {

const domain::TimePoint kAt{std::chrono::seconds(1'795'914'900)};  // Sun, 29 Nov 2026 01:15:00

EmlMessage Sample() {
  return {.from = "rampart <no-reply@localhost>",
          .to = "ada@example.com",
          .subject = "Verify your e-mail address",
          .text = "Hello\nOpen http://localhost:8080/verify-email?token=abc\n",
          .message_id = "0b4c-11@rampart",
          .date = kAt};
}

TEST(Eml, Rfc5322DateInUtcWithEnglishNames) {
  EXPECT_EQ(FormatRfc5322Date(kAt), "Sun, 29 Nov 2026 01:15:00 +0000");
  EXPECT_EQ(FormatRfc5322Date(domain::TimePoint{std::chrono::seconds(0)}),
            "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST(Eml, HeadersThenABlankLineThenTheCrlfBody) {
  EXPECT_EQ(FormatEml(Sample()),
            "From: rampart <no-reply@localhost>\r\n"
            "To: ada@example.com\r\n"
            "Subject: Verify your e-mail address\r\n"
            "Date: Sun, 29 Nov 2026 01:15:00 +0000\r\n"
            "Message-ID: <0b4c-11@rampart>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "Hello\r\n"
            "Open http://localhost:8080/verify-email?token=abc\r\n");
}

TEST(Eml, AnHtmlAlternativeMakesAMultipartAlternativeBody) {
  auto message = Sample();
  message.html = "<p>Hello &lt;b&gt;Ada&lt;/b&gt;</p>\n";
  EXPECT_EQ(FormatEml(message),
            "From: rampart <no-reply@localhost>\r\n"
            "To: ada@example.com\r\n"
            "Subject: Verify your e-mail address\r\n"
            "Date: Sun, 29 Nov 2026 01:15:00 +0000\r\n"
            "Message-ID: <0b4c-11@rampart>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/alternative; boundary=\"=_rampart_0b4c-11.rampart\"\r\n"
            "\r\n"
            "--=_rampart_0b4c-11.rampart\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "Hello\r\n"
            "Open http://localhost:8080/verify-email?token=abc\r\n"
            "--=_rampart_0b4c-11.rampart\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "<p>Hello &lt;b&gt;Ada&lt;/b&gt;</p>\r\n"
            "--=_rampart_0b4c-11.rampart--\r\n");
}

TEST(Eml, NonAsciiSubjectIsAnEncodedWord) {
  auto message = Sample();
  message.subject = "Grüße";
  const auto eml = FormatEml(message);
  EXPECT_NE(eml.find("Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n"), std::string::npos) << eml;
}

TEST(Eml, TheBoundaryHasOnlyCharactersRfc2046Allows) {
  auto message = Sample();
  message.html = "<p>Hello</p>";
  message.message_id = "1f0e-77@rampart";
  const auto eml = FormatEml(message);
  const auto start = eml.find("boundary=\"") + 10;
  const auto boundary = eml.substr(start, eml.find('"', start) - start);
  EXPECT_FALSE(boundary.empty());
  EXPECT_LE(boundary.size(), 70U);
  for (const char c : boundary) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) ||
                std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos)
        << boundary;
  }
}

TEST(Eml, ANonAsciiSenderNameIsAnEncodedWordAndSpecialsAreQuoted) {
  auto message = Sample();
  message.from = "Caf\xC3\xA9 <no-reply@example.com>";
  EXPECT_NE(FormatEml(message).find("From: =?UTF-8?B?Q2Fmw6k=?= <no-reply@example.com>\r\n"),
            std::string::npos);
  message.from = "Acme, Inc. <no-reply@example.com>";
  EXPECT_NE(FormatEml(message).find("From: \"Acme, Inc.\" <no-reply@example.com>\r\n"),
            std::string::npos);
}

TEST(Eml, SevenBitBodiesAreQuotedPrintableWhenNotAscii) {
  auto message = Sample();
  message.text =
      "Gr\xC3\xBC\xC3\x9F"
      "e\n";
  message.html = "<p>ok</p>";
  EXPECT_NE(FormatEml(message).find("8bit\r\n\r\nGr\xC3\xBC"), std::string::npos);
  message.seven_bit = true;
  const auto eml = FormatEml(message);
  EXPECT_NE(eml.find("Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n"),
            std::string::npos)
      << eml;
  // An ASCII part stays as it is.
  EXPECT_NE(eml.find("8bit\r\n\r\n<p>ok</p>\r\n"), std::string::npos) << eml;
}

TEST(Eml, ALineLongerThan998CharactersIsQuotedPrintable) {
  auto message = Sample();
  message.text = std::string(1200, 'x') + "\n";
  const auto eml = FormatEml(message);
  EXPECT_NE(eml.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  for (std::size_t start = 0, end = eml.find("\r\n"); end != std::string::npos;
       start = end + 2, end = eml.find("\r\n", start)) {
    EXPECT_LE(end - start, 998U);
  }
}

TEST(Eml, NoHeaderInjectionThroughValues) {
  auto message = Sample();
  message.to = "ada@example.com\r\nBcc: eve@example.com";
  message.subject = "hi\nBcc: eve@example.com";
  message.from = "Eve\r\nBcc: eve@example.com <no-reply@localhost>";
  const auto eml = FormatEml(message);
  EXPECT_EQ(eml.find("\r\nBcc:"), std::string::npos) << eml;
  EXPECT_EQ(eml.find("\nBcc:"), std::string::npos) << eml;
}

TEST(Eml, BodyLineEndingsBecomeCrlf) {
  auto message = Sample();
  message.text = "a\r\nb\rc\nd";
  const auto eml = FormatEml(message);
  EXPECT_TRUE(eml.ends_with("\r\n\r\na\r\nb\r\nc\r\nd\r\n")) << eml;
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
