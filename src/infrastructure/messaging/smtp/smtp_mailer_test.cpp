#include "infrastructure/messaging/smtp/smtp_mailer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <thread>

#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/messaging/smtp/smtp_test_support.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::infrastructure::smtp {
namespace {

using namespace std::chrono_literals;
using messaging::LocalQueue;
using testing::BorrowedTransport;
using testing::ScriptedPeer;

const std::vector<std::string> kOpen = {"S: 220 mail.test ESMTP", "C: EHLO *", "S: 250-mail.test",
                                        "S: 250 8BITMIME"};

std::vector<std::string> Script(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> script;
  for (const auto& part : parts) script.insert(script.end(), part.begin(), part.end());
  return script;
}

std::vector<std::string> Accept(const std::string& to) {
  return {"C: MAIL FROM:<no-reply@example.com> BODY=8BITMIME",
          "S: 250 ok",
          "C: RCPT TO:<" + to + ">",
          "S: 250 ok",
          "C: DATA",
          "S: 354 go",
          "C: *",
          "S: 250 queued"};
}

const std::vector<std::string> kQuit = {"C: QUIT", "S: 221 bye"};

class SmtpMailerTest : public ::testing::Test {
 protected:
  SmtpMailerTest() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rampart-smtp-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    queue_ = std::make_unique<LocalQueue>(
        dir_ / "queue.sqlite3", random_,
        messaging::LocalQueueOptions{.max_receives = 2, .now = [this] { return now_; }});
    mailer_ = MakeMailer(1h);
  }
  ~SmtpMailerTest() override { std::filesystem::remove_all(dir_); }

  // A consumer whose sessions follow `scripts_` in turn (an empty list: connection refused),
  // with ScriptedPeer(script, implicit_tls) as the server.
  std::unique_ptr<SmtpMailer> MakeMailer(std::chrono::milliseconds backoff,
                                         SmtpSessionOptions session = {.helo_name = "app.test"},
                                         std::string from = "rampart <no-reply@example.com>") {
    const bool implicit_tls = session.implicit_tls;
    return std::make_unique<SmtpMailer>(
        *queue_,
        [this, implicit_tls](const std::atomic<bool>*) {
          auto script =
              scripts_.empty() ? std::vector<std::string>{"CONNECT! refused"} : scripts_.front();
          if (!scripts_.empty()) scripts_.pop_front();
          peers_.push_back(std::make_unique<ScriptedPeer>(std::move(script), implicit_tls));
          return std::make_unique<BorrowedTransport>(*peers_.back());
        },
        std::move(session),
        SmtpMailerOptions{.from = std::move(from),
                          .visibility_timeout = 30s,
                          .backoff_initial = backoff,
                          .backoff_max = backoff});
  }

  // What the last session wrote as DATA (the dot-stuffed message).
  std::string LastMessage() const {
    for (auto it = peers_.back()->written.rbegin(); it != peers_.back()->written.rend(); ++it) {
      if (it->ends_with("\r\n.\r\n")) return *it;
    }
    return {};
  }

  void PublishMail(const std::string& id, const std::string& to) {
    queue_->Publish({.group_id = "g-" + id,
                     .deduplication_id = id,
                     .body = R"({"type":"mail","id":")" + id + R"(","to":")" + to +
                             R"(","subject":"Verify","text":"Open https://x/v?token=t\n.dot\n",)"
                             R"("html":"<p>Open</p>"})"});
  }

  std::filesystem::path dir_;
  SodiumSecureRandom random_;
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'800'000'000)};
  std::unique_ptr<LocalQueue> queue_;
  std::deque<std::vector<std::string>> scripts_;
  std::vector<std::unique_ptr<ScriptedPeer>> peers_;  // one per session, in order
  std::unique_ptr<SmtpMailer> mailer_;
};

TEST_F(SmtpMailerTest, SendsABatchInOneSessionAndDeletesWhatWasAccepted) {
  PublishMail("m1", "ada@example.com");
  PublishMail("m2", "bob@example.com");
  scripts_.push_back(Script({kOpen, Accept("ada@example.com"), Accept("bob@example.com"), kQuit}));
  const auto outcome = mailer_->PollOnce();
  EXPECT_EQ(outcome.delivered, 2);
  EXPECT_FALSE(outcome.session_failed);
  EXPECT_EQ(queue_->Depth(), 0);
}

TEST_F(SmtpMailerTest, TheMessageHasBothPartsAMessageIdAndADateAndIsDotStuffed) {
  PublishMail("m1", "ada@example.com");
  scripts_.push_back(Script({kOpen, Accept("ada@example.com"), kQuit}));
  ASSERT_EQ(mailer_->PollOnce().delivered, 1) << peers_.back()->mismatch;
  const auto message = LastMessage();
  EXPECT_TRUE(
      message.starts_with("From: rampart <no-reply@example.com>\r\nTo: ada@example.com\r\n"))
      << message;
  EXPECT_NE(message.find("\r\nMessage-ID: <m1@rampart>\r\n"), std::string::npos);
  EXPECT_NE(message.find("\r\nDate: Fri, 15 Jan 2027 08:00:00 +0000\r\n"), std::string::npos)
      << message;
  EXPECT_NE(message.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
                         "8bit\r\n\r\nOpen https://x/v?token=t\r\n..dot\r\n"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(message.find("<p>Open</p>"), std::string::npos);
  EXPECT_TRUE(message.ends_with("--\r\n.\r\n")) << message;
}

TEST_F(SmtpMailerTest, WithoutEightBitMimeANonAsciiBodyIsQuotedPrintable) {
  queue_->Publish(
      {.group_id = "g",
       .deduplication_id = "m1",
       .body = R"({"type":"mail","id":"m1","to":"ada@example.com","subject":"Gr\u00fc\u00dfe",)"
               R"("text":"Gr\u00fc\u00dfe\n"})"});
  scripts_.push_back(Script(
      {{"S: 220 hi", "C: EHLO *", "S: 250 hi", "C: MAIL FROM:<no-reply@example.com>", "S: 250 ok",
        "C: RCPT TO:<ada@example.com>", "S: 250 ok", "C: DATA", "S: 354 go", "C: *", "S: 250 ok"},
       kQuit}));
  ASSERT_EQ(mailer_->PollOnce().delivered, 1) << peers_.back()->mismatch;
  const auto message = LastMessage();
  EXPECT_NE(message.find("Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n"), std::string::npos) << message;
  EXPECT_NE(message.find("quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n"), std::string::npos)
      << message;
  for (const unsigned char c : message) EXPECT_LT(c, 0x80);
}

TEST_F(SmtpMailerTest, ARefusedMailStaysAndReachesTheDeadLettersAfterTheMaximumReceives) {
  PublishMail("m1", "nobody@example.com");
  PublishMail("m2", "bob@example.com");
  const std::vector<std::string> refuse = {"C: MAIL FROM:*", "S: 250 ok",
                                           "C: RCPT TO:*",   "S: 550 5.1.1 no such user",
                                           "C: RSET",        "S: 250 ok"};
  scripts_.push_back(Script({kOpen, refuse, Accept("bob@example.com"), kQuit}));
  auto outcome = mailer_->PollOnce();
  EXPECT_EQ(outcome.refused, 1);
  EXPECT_EQ(outcome.delivered, 1);
  EXPECT_EQ(queue_->Depth(), 1);
  // Redelivered after the visibility timeout, refused again: then the queue dead-letters it.
  now_ += 31s;
  scripts_.push_back(Script({kOpen, refuse, kQuit}));
  EXPECT_EQ(mailer_->PollOnce().refused, 1);
  now_ += 31s;
  EXPECT_EQ(mailer_->PollOnce().Received(), 0);
  EXPECT_EQ(queue_->DeadLetterCount(), 1);
}

TEST_F(SmtpMailerTest, AServerThatIsDownCostsOneReceiveThenNoneUntilItAnswers) {
  mailer_ = MakeMailer(1ms);
  PublishMail("m1", "ada@example.com");
  // Down: the receive's messages stay on the queue (receive count 1).
  auto outcome = mailer_->PollOnce();
  EXPECT_TRUE(outcome.session_failed);
  EXPECT_EQ(outcome.not_attempted, 1);
  // Still down, every later pass probes the server first and receives nothing: the message is
  // not received again, so an outage does not use up its receives.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::this_thread::sleep_for(5ms);  // past the (1 ms) backoff
    now_ += 31s;                       // and past the message's visibility timeout
    outcome = mailer_->PollOnce();
    EXPECT_TRUE(outcome.session_failed);
    EXPECT_EQ(outcome.Received(), 0);
  }
  EXPECT_EQ(queue_->DeadLetterCount(), 0);
  // Back: delivered on its second receive (max_receives is 2).
  std::this_thread::sleep_for(5ms);
  scripts_.push_back(Script({kOpen, Accept("ada@example.com"), kQuit}));
  outcome = mailer_->PollOnce();
  EXPECT_EQ(outcome.delivered, 1);
  EXPECT_EQ(queue_->Depth(), 0);
  EXPECT_EQ(queue_->DeadLetterCount(), 0);
}

TEST_F(SmtpMailerTest, BackingOffReceivesNothingAndConnectsNowhere) {
  PublishMail("m1", "ada@example.com");
  EXPECT_TRUE(mailer_->PollOnce().session_failed);  // backoff: 1 hour
  const auto sessions = peers_.size();
  now_ += 31s;
  EXPECT_EQ(mailer_->PollOnce().Received(), 0);
  EXPECT_EQ(peers_.size(), sessions);
  EXPECT_EQ(queue_->Depth(), 1);
}

TEST_F(SmtpMailerTest, AWrongPasswordLosesNothing) {
  auto mailer = MakeMailer(1ms, {.implicit_tls = true, .username = "u", .password = "p"},
                           "no-reply@example.com");
  PublishMail("m1", "ada@example.com");
  const std::vector<std::string> refused_auth = {
      "S: 220 hi",         "C: EHLO *",       "S: 250-hi",
      "S: 250 AUTH PLAIN", "C: AUTH PLAIN *", "S: 535 5.7.8 invalid credentials"};
  scripts_.push_back(refused_auth);
  EXPECT_TRUE(mailer->PollOnce().session_failed);
  std::this_thread::sleep_for(5ms);
  now_ += 31s;
  scripts_.push_back(refused_auth);
  EXPECT_EQ(mailer->PollOnce().Received(), 0);
  EXPECT_EQ(queue_->Depth(), 1);
  // The password is fixed (on the server, or a new secret and a restart): the mail goes.
  std::this_thread::sleep_for(5ms);
  scripts_.push_back(Script(
      {{"S: 220 hi", "C: EHLO *", "S: 250-hi", "S: 250 AUTH PLAIN", "C: AUTH PLAIN *", "S: 235 ok",
        "C: MAIL FROM:<no-reply@example.com>", "S: 250 ok", "C: RCPT TO:<ada@example.com>",
        "S: 250 ok", "C: DATA", "S: 354 go", "C: *", "S: 250 ok"},
       kQuit}));
  EXPECT_EQ(mailer->PollOnce().delivered, 1) << peers_.back()->mismatch;
  EXPECT_EQ(queue_->Depth(), 0);
}

TEST_F(SmtpMailerTest, ASessionThatBreaksLeavesTheRestOnTheQueue) {
  PublishMail("m1", "ada@example.com");
  PublishMail("m2", "bob@example.com");
  PublishMail("m3", "cyd@example.com");
  scripts_.push_back(Script({kOpen,
                             Accept("ada@example.com"),
                             {"C: MAIL FROM:*", "S: 250 ok", "C: RCPT TO:*", "S: 250 ok", "C: DATA",
                              "S: 354 go", "C: *", "S! closed"}}));
  const auto outcome = mailer_->PollOnce();
  EXPECT_EQ(outcome.delivered, 1);
  EXPECT_EQ(outcome.not_attempted, 2);
  EXPECT_TRUE(outcome.session_failed);
  EXPECT_EQ(queue_->Depth(), 2);
}

TEST_F(SmtpMailerTest, AnUnreadableMessageStaysForTheDeadLetters) {
  queue_->Publish({.group_id = "g", .deduplication_id = "x", .body = "not json"});
  scripts_.push_back(Script({kOpen, kQuit}));
  const auto outcome = mailer_->PollOnce();
  EXPECT_EQ(outcome.unreadable, 1);
  EXPECT_EQ(queue_->Depth(), 1);
}

TEST_F(SmtpMailerTest, AStopRequestSendsNothing) {
  PublishMail("m1", "ada@example.com");
  std::atomic<bool> stop{true};
  EXPECT_EQ(mailer_->PollOnce({.stop = &stop}).Received(), 0);
  EXPECT_EQ(queue_->Depth(), 1);
}

TEST(SmtpMailer, RefusesAFromThatIsNotAMailbox) {
  struct NoQueue : application::MessageQueue {
    std::string Publish(const application::OutgoingMessage&) override { return {}; }
    std::vector<application::ReceivedMessage> Receive(int, std::chrono::milliseconds) override {
      return {};
    }
    bool Delete(std::string_view) override { return false; }
  } queue;
  EXPECT_THROW(SmtpMailer(queue, nullptr, {}, {.from = "rampart"}), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure::smtp
