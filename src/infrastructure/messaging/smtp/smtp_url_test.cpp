#include "infrastructure/messaging/smtp/smtp_url.hpp"

#include <gtest/gtest.h>

namespace rampart::infrastructure::smtp {
namespace {

TEST(SmtpUrl, PlainWithDefaultPortAndNoCredentials) {
  const auto endpoint = ParseSmtpUrl("smtp://mail.example.com");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->host, "mail.example.com");
  EXPECT_EQ(endpoint->port, 587);
  EXPECT_FALSE(endpoint->implicit_tls);
  EXPECT_EQ(endpoint->username, "");
  EXPECT_EQ(endpoint->password, "");
}

TEST(SmtpUrl, ImplicitTlsWithPercentEncodedCredentials) {
  const auto endpoint =
      ParseSmtpUrl("smtps://AKIA%2Bx:p%40ss%3Aword@email-smtp.eu-west-1.amazonaws.com/");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_TRUE(endpoint->implicit_tls);
  EXPECT_EQ(endpoint->port, 465);
  EXPECT_EQ(endpoint->host, "email-smtp.eu-west-1.amazonaws.com");
  EXPECT_EQ(endpoint->username, "AKIA+x");
  EXPECT_EQ(endpoint->password, "p@ss:word");
}

TEST(SmtpUrl, AnAtSignInTheUserNameNeedsNoEscape) {
  const auto endpoint = ParseSmtpUrl("smtp://relay@example.com:secret@127.0.0.1:2525");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->username, "relay@example.com");
  EXPECT_EQ(endpoint->password, "secret");
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 2525);
}

TEST(SmtpUrl, Ipv6Literal) {
  const auto endpoint = ParseSmtpUrl("smtp://[::1]:1025");
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->host, "::1");
  EXPECT_EQ(endpoint->port, 1025);
}

TEST(SmtpUrl, RefusedFormsNeverEchoTheSecret) {
  for (const char* bad : {"http://mail.example.com", "smtp://", "smtp://:pw@host", "smtp://u:pw@",
                          "smtp://host:0", "smtp://host:70000", "smtp://host:", "smtp://host:25x",
                          "smtp://host/path", "smtp://host?starttls=required", "smtp://u:p%zz@host",
                          "smtp://[::1", "smtp://[::1]x", "smtp://ho st", "smtp://u:p%0Aw@host"}) {
    const auto endpoint = ParseSmtpUrl(bad);
    ASSERT_FALSE(endpoint) << bad;
    EXPECT_EQ(endpoint.error().find("pw"), std::string::npos) << endpoint.error();
  }
}

}  // namespace
}  // namespace rampart::infrastructure::smtp
