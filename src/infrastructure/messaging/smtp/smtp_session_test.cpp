#include "infrastructure/messaging/smtp/smtp_session.hpp"

#include <gtest/gtest.h>

#include "infrastructure/messaging/smtp/smtp_test_support.hpp"

namespace rampart::infrastructure::smtp {
namespace {

using Kind = SmtpFailure::Kind;
using testing::ScriptedPeer;

const Deadline kNoLimit = Deadline::max();
const Envelope kEnvelope{.sender = "no-reply@example.com", .recipient = "ada@example.com"};
constexpr std::string_view kMessage = "Subject: hi\r\n\r\nHello\r\n.hidden line\r\n";

SmtpSessionOptions WithCredentials() {
  return {.username = "relay-user", .password = "s3cret-pass", .helo_name = "app.example.com"};
}

// The greeting and the first EHLO of a server that offers `extensions`.
std::vector<std::string> Greeting(std::vector<std::string> extensions) {
  std::vector<std::string> script = {"S: 220 mail.example.com ESMTP", "C: EHLO app.example.com"};
  if (extensions.empty()) {
    script.push_back("S: 250 mail.example.com");
    return script;
  }
  script.push_back("S: 250-mail.example.com");
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    script.push_back((i + 1 == extensions.size() ? "S: 250 " : "S: 250-") + extensions[i]);
  }
  return script;
}

std::vector<std::string> Then(std::vector<std::string> script, std::vector<std::string> more) {
  script.insert(script.end(), more.begin(), more.end());
  return script;
}

bool WroteAny(const ScriptedPeer& peer, std::string_view text) {
  for (const auto& write : peer.written) {
    if (write.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(SmtpSession, StartTlsThenEhloAgainThenAuthPlainThenAMail) {
  ScriptedPeer peer(Then(Greeting({"8BITMIME", "STARTTLS", "AUTH LOGIN"}),
                         {"C: STARTTLS", "S: 220 go ahead", "TLS", "C: EHLO app.example.com",
                          "S: 250-mail.example.com", "S: 250-8BITMIME", "S: 250 AUTH PLAIN LOGIN",
                          // base64("\0relay-user\0s3cret-pass")
                          "C: AUTH PLAIN AHJlbGF5LXVzZXIAczNjcmV0LXBhc3M=", "S: 235 2.7.0 ok",
                          "C: MAIL FROM:<no-reply@example.com> BODY=8BITMIME", "S: 250 ok",
                          "C: RCPT TO:<ada@example.com>", "S: 250 ok", "C: DATA", "S: 354 go ahead",
                          "C: *", "S: 250 2.0.0 queued as 1A2B", "C: QUIT", "S: 221 bye"}));
  SmtpSession session(peer, WithCredentials());
  ASSERT_TRUE(session.Open(kNoLimit)) << peer.mismatch;
  EXPECT_TRUE(peer.Encrypted());
  const auto sent = session.Send(kEnvelope, kMessage, kNoLimit);
  ASSERT_TRUE(sent) << sent.error().message << " " << peer.mismatch;
  session.Close(kNoLimit);
  EXPECT_TRUE(peer.Finished()) << peer.mismatch;
  // The message went dot-stuffed and terminated.
  EXPECT_EQ(peer.written[peer.written.size() - 2],
            "Subject: hi\r\n\r\nHello\r\n..hidden line\r\n.\r\n");
}

TEST(SmtpSession, AuthLoginWhenItIsTheOnlyMechanism) {
  ScriptedPeer peer(Then(Greeting({"AUTH LOGIN"}), {"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6",
                                                    "C: cmVsYXktdXNlcg==", "S: 334 UGFzc3dvcmQ6",
                                                    "C: czNjcmV0LXBhc3M=", "S: 235 ok"}),
                    /*implicit_tls=*/true);
  auto options = WithCredentials();
  options.implicit_tls = true;
  SmtpSession session(peer, options);
  EXPECT_TRUE(session.Open(kNoLimit)) << peer.mismatch;
  EXPECT_TRUE(peer.Finished()) << peer.mismatch;
}

TEST(SmtpSession, ImplicitTlsNeverSendsStartTls) {
  ScriptedPeer peer(Greeting({"STARTTLS"}), /*implicit_tls=*/true);
  SmtpSession session(
      peer,
      {.implicit_tls = true, .starttls = StartTls::kRequired, .helo_name = "app.example.com"});
  EXPECT_TRUE(session.Open(kNoLimit)) << peer.mismatch;
  EXPECT_TRUE(peer.Finished()) << peer.mismatch;
}

TEST(SmtpSession, RequiredStartTlsThatIsNotOfferedSendsNothingMore) {
  ScriptedPeer peer(Greeting({"AUTH PLAIN", "8BITMIME"}));
  auto options = WithCredentials();
  options.starttls = StartTls::kRequired;
  SmtpSession session(peer, options);
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kPolicy);
  EXPECT_NE(opened.error().message.find("does not offer STARTTLS"), std::string::npos);
  EXPECT_TRUE(peer.Finished()) << peer.mismatch;
  EXPECT_FALSE(WroteAny(peer, "AUTH"));
  EXPECT_FALSE(session.Usable());
  EXPECT_GE(peer.closes, 1);
}

TEST(SmtpSession, RequiredStartTlsRefusedByTheServerFails) {
  ScriptedPeer peer(
      Then(Greeting({"STARTTLS"}), {"C: STARTTLS", "S: 454 4.7.0 TLS not available"}));
  SmtpSession session(peer, {.starttls = StartTls::kRequired, .helo_name = "app.example.com"});
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kPolicy);
  EXPECT_EQ(opened.error().code, 454);
}

TEST(SmtpSession, StartTlsWhenOfferedGoesOnInClearTextWhenTheServerCannot) {
  ScriptedPeer peer(
      Then(Greeting({"STARTTLS"}), {"C: STARTTLS", "S: 454 4.7.0 TLS not available"}));
  SmtpSession session(peer, {.helo_name = "app.example.com"});
  EXPECT_TRUE(session.Open(kNoLimit)) << peer.mismatch;
  EXPECT_FALSE(peer.Encrypted());
  EXPECT_TRUE(session.Usable());
}

TEST(SmtpSession, NoCredentialsInClearText) {
  ScriptedPeer peer(Greeting({"AUTH PLAIN LOGIN"}));
  SmtpSession session(peer, WithCredentials());
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kPolicy);
  EXPECT_NE(opened.error().message.find("unencrypted"), std::string::npos);
  EXPECT_FALSE(WroteAny(peer, "AUTH"));
  EXPECT_TRUE(peer.Finished()) << peer.mismatch;
}

TEST(SmtpSession, CredentialsInClearTextOnlyWhenAllowed) {
  ScriptedPeer peer(Then(Greeting({"AUTH PLAIN"}),
                         {"C: AUTH PLAIN AHJlbGF5LXVzZXIAczNjcmV0LXBhc3M=", "S: 235 ok"}));
  auto options = WithCredentials();
  options.allow_plaintext_auth = true;
  SmtpSession session(peer, options);
  EXPECT_TRUE(session.Open(kNoLimit)) << peer.mismatch;
  EXPECT_TRUE(peer.Finished());
}

TEST(SmtpSession, AWrongPasswordIsAnAuthFailureThatNeverShowsTheCredentials) {
  ScriptedPeer peer(
      Then(Greeting({"STARTTLS", "AUTH PLAIN"}),
           {"C: STARTTLS", "S: 220 go", "TLS", "C: EHLO *", "S: 250-hi", "S: 250 AUTH PLAIN",
            "C: AUTH PLAIN *", "S: 535 5.7.8 Authentication credentials invalid"}));
  SmtpSession session(peer, WithCredentials());
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kAuth);
  EXPECT_EQ(opened.error().code, 535);
  EXPECT_EQ(opened.error().message.find("s3cret"), std::string::npos);
  EXPECT_EQ(opened.error().message.find("AHJlbGF5"), std::string::npos);
  EXPECT_FALSE(session.Usable());
}

TEST(SmtpSession, ARefusedRecipientEndsOnlyThatMail) {
  ScriptedPeer peer(
      Then(Greeting({}),
           {"C: MAIL FROM:<no-reply@example.com>", "S: 250 ok", "C: RCPT TO:<ada@example.com>",
            "S: 550 5.1.1 no such user", "C: RSET", "S: 250 flushed",  //
            "C: MAIL FROM:<no-reply@example.com>", "S: 250 ok", "C: RCPT TO:<bob@example.com>",
            "S: 250 ok", "C: DATA", "S: 354 go", "C: *", "S: 250 queued"}));
  SmtpSession session(peer, {.helo_name = "app.example.com"});
  ASSERT_TRUE(session.Open(kNoLimit)) << peer.mismatch;
  const auto refused = session.Send(kEnvelope, kMessage, kNoLimit);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, Kind::kRejected);
  EXPECT_EQ(refused.error().code, 550);
  EXPECT_FALSE(refused.error().Temporary());
  EXPECT_TRUE(session.Usable());
  EXPECT_TRUE(session.Send({.sender = kEnvelope.sender, .recipient = "bob@example.com"}, kMessage,
                           kNoLimit))
      << peer.mismatch;
  EXPECT_TRUE(peer.Finished()) << peer.mismatch;
}

TEST(SmtpSession, ATemporaryRefusalOfTheMessageItself) {
  ScriptedPeer peer(Then(
      Greeting({}), {"C: MAIL FROM:*", "S: 250 ok", "C: RCPT TO:*", "S: 250 ok", "C: DATA",
                     "S: 354 go", "C: *", "S: 451 4.3.0 try again later", "C: RSET", "S: 250 ok"}));
  SmtpSession session(peer, {.helo_name = "app.example.com"});
  ASSERT_TRUE(session.Open(kNoLimit));
  const auto sent = session.Send(kEnvelope, kMessage, kNoLimit);
  ASSERT_FALSE(sent);
  EXPECT_TRUE(sent.error().Temporary());
  EXPECT_TRUE(session.Usable());
}

TEST(SmtpSession, NoAnswerToTheFinalDotEndsTheSession) {
  ScriptedPeer peer(Then(Greeting({}), {"C: MAIL FROM:*", "S: 250 ok", "C: RCPT TO:*", "S: 250 ok",
                                        "C: DATA", "S: 354 go", "C: *", "S! timeout"}));
  SmtpSession session(peer, {.helo_name = "app.example.com"});
  ASSERT_TRUE(session.Open(kNoLimit));
  const auto sent = session.Send(kEnvelope, kMessage, kNoLimit);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, Kind::kTimeout);
  EXPECT_FALSE(session.Usable());
  EXPECT_GE(peer.closes, 1);
}

TEST(SmtpSession, ANonAsciiAddressNeedsSmtpUtf8) {
  const Envelope utf8{.sender = "no-reply@example.com", .recipient = "zo\xC3\xAB@example.com"};
  ScriptedPeer without(Greeting({"8BITMIME"}));
  SmtpSession refused(without, {.helo_name = "app.example.com"});
  ASSERT_TRUE(refused.Open(kNoLimit));
  const auto sent = refused.Send(utf8, kMessage, kNoLimit);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, Kind::kPolicy);
  EXPECT_TRUE(refused.Usable());
  EXPECT_TRUE(without.Finished()) << without.mismatch;

  ScriptedPeer with(Then(Greeting({"8BITMIME", "SMTPUTF8"}),
                         {"C: MAIL FROM:<no-reply@example.com> BODY=8BITMIME SMTPUTF8", "S: 250 ok",
                          "C: RCPT TO:<zo\xC3\xAB@example.com>", "S: 250 ok", "C: DATA",
                          "S: 354 go", "C: *", "S: 250 ok"}));
  SmtpSession accepted(with, {.helo_name = "app.example.com"});
  ASSERT_TRUE(accepted.Open(kNoLimit));
  EXPECT_TRUE(accepted.Send(utf8, kMessage, kNoLimit)) << with.mismatch;
}

TEST(SmtpSession, MultiLineRepliesMustKeepOneCode) {
  ScriptedPeer peer({"S: 220-first", "S: 250 second"});
  SmtpSession session(peer, {});
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kProtocol);
}

TEST(SmtpSession, AGreetingThatRefusesUs) {
  ScriptedPeer peer({"S: 554 5.7.1 go away"});
  SmtpSession session(peer, {});
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kRejected);
  EXPECT_EQ(opened.error().code, 554);
}

TEST(SmtpSession, EhloNamesTheHostOrElseItsAddress) {
  ScriptedPeer named({"S: 220 hi", "C: EHLO app.example.com", "S: 250 ok"});
  EXPECT_TRUE(SmtpSession(named, {.helo_name = "app.example.com"}).Open(kNoLimit))
      << named.mismatch;
  // A container's host name ("3f2a9c1d") is no domain: the address literal is always valid.
  ScriptedPeer literal({"S: 220 hi", "C: EHLO [127.0.0.1]", "S: 250 ok"});
  EXPECT_TRUE(SmtpSession(literal, {.helo_name = "3f2a9c1d"}).Open(kNoLimit)) << literal.mismatch;
}

TEST(SmtpSession, AConnectFailureIsANetworkFailure) {
  ScriptedPeer peer({"CONNECT! refused"});
  SmtpSession session(peer, {});
  const auto opened = session.Open(kNoLimit);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, Kind::kNetwork);
  EXPECT_FALSE(session.Usable());
}

}  // namespace
}  // namespace rampart::infrastructure::smtp
