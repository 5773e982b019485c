#include "infrastructure/messaging/smtp/smtp_protocol.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure::smtp {
namespace {

TEST(SmtpProtocol, ReplyLines) {
  const auto more = ParseReplyLine("250-mail.example.com greets you");
  ASSERT_TRUE(more);
  EXPECT_EQ(more->code, 250);
  EXPECT_FALSE(more->last);
  EXPECT_EQ(more->text, "mail.example.com greets you");
  const auto last = ParseReplyLine("354 go ahead");
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->last);
  const auto bare = ParseReplyLine("221");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->code, 221);
  for (const char* bad :
       {"", "25", "abc text", "250x", "099 odd", "600 too high", "HTTP/1.1 200"}) {
    EXPECT_FALSE(ParseReplyLine(bad)) << bad;
  }
}

TEST(SmtpProtocol, ExtensionsFromEhlo) {
  const SmtpReply ehlo{.code = 250,
                       .lines = {"mail.example.com at your service", "PIPELINING", "SIZE 35882577",
                                 "8bitmime", "AUTH=PLAIN LOGIN", "STARTTLS", "SMTPUTF8"}};
  const auto extensions = ParseExtensions(ehlo);
  EXPECT_TRUE(extensions.starttls);
  EXPECT_TRUE(extensions.eight_bit_mime);
  EXPECT_TRUE(extensions.smtputf8);
  EXPECT_TRUE(extensions.auth);
  EXPECT_TRUE(extensions.auth_plain);
  EXPECT_TRUE(extensions.auth_login);
  // The greeting line is no extension, whatever it says.
  const auto none = ParseExtensions({.code = 250, .lines = {"STARTTLS AUTH PLAIN"}});
  EXPECT_FALSE(none.starttls);
  EXPECT_FALSE(none.auth);
  const auto cram = ParseExtensions({.code = 250, .lines = {"hi", "AUTH CRAM-MD5 XOAUTH2"}});
  EXPECT_TRUE(cram.auth);
  EXPECT_FALSE(cram.auth_plain);
  EXPECT_FALSE(cram.auth_login);
}

TEST(SmtpProtocol, DotStuffingDoublesLeadingDotsAndTerminates) {
  EXPECT_EQ(DotStuffed("a\r\n.b\r\n..c\r\nd.\r\n.\r\n"), "a\r\n..b\r\n...c\r\nd.\r\n..\r\n.\r\n");
  EXPECT_EQ(DotStuffed(".first\r\nlast"), "..first\r\nlast\r\n.\r\n");
  EXPECT_EQ(DotStuffed(""), "\r\n.\r\n");
}

TEST(SmtpProtocol, SaslPlainIsBase64OfNulSeparatedCredentials) {
  // RFC 4616 §4's example user and password.
  EXPECT_EQ(SaslPlainResponse("tim", "tanstaaftanstaaf"), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
}

TEST(SmtpProtocol, ReplyTextIsOneShortLine) {
  const SmtpReply reply{.code = 550, .lines = {"5.1.1 no such user", "bye\x01"}};
  EXPECT_EQ(reply.Text(), "550 5.1.1 no such user / bye ");
  const SmtpReply huge{.code = 500, .lines = {std::string(1000, 'x')}};
  EXPECT_LE(huge.Text().size(), 303U);
}

}  // namespace
}  // namespace rampart::infrastructure::smtp
