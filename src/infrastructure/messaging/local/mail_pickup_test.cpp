#include "infrastructure/messaging/local/mail_pickup.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::infrastructure::messaging {
namespace {

using namespace std::chrono_literals;

// The inbox and failure record in memory; `broken` makes every call throw (a database down).
class MemoryLedger final : public application::MessageLedger {
 public:
  bool Handled(std::string_view id) override {
    if (broken) throw std::runtime_error("database down");
    return handled.contains(std::string(id));
  }
  bool RecordHandled(std::string_view id) override {
    if (broken) throw std::runtime_error("database down");
    return handled.insert(std::string(id)).second;
  }
  void RecordFailure(const application::ReceivedMessage& message, std::string_view error) override {
    if (broken) throw std::runtime_error("database down");
    failures.push_back(message.message_id + ": " + std::string(error));
  }
  std::set<std::string> handled;
  std::vector<std::string> failures;
  bool broken = false;
};

class MailPickupTest : public testing::Test {
 protected:
  MailPickupTest() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rampart-pickup-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    queue_ = std::make_unique<LocalQueue>(
        dir_ / "queue.sqlite3", random_,
        LocalQueueOptions{.max_receives = 2, .now = [this] { return now_; }});
    pickup_ = std::make_unique<MailPickup>(*queue_,
                                           MailPickupOptions{.directory = dir_ / "mail",
                                                             .from = "rampart <no-reply@localhost>",
                                                             .visibility_timeout = 30s});
  }
  ~MailPickupTest() override { std::filesystem::remove_all(dir_); }

  static std::string MailBody(const std::string& id, const std::string& to) {
    return R"({"type":"mail","id":")" + id + R"(","to":")" + to +
           R"(","subject":"Reset your password","text":"Open http://x/reset?token=t1\n"})";
  }

  std::vector<std::filesystem::path> Files() const {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::exists(dir_ / "mail")) return files;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "mail")) {
      files.push_back(entry.path());
    }
    return files;
  }

  std::filesystem::path dir_;
  SodiumSecureRandom random_;
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'800'000'000)};
  std::unique_ptr<LocalQueue> queue_;
  std::unique_ptr<MailPickup> pickup_;
};

TEST_F(MailPickupTest, WritesOneEmlPerMailAndDeletesTheMessage) {
  queue_->Publish(
      {.group_id = "u1", .deduplication_id = "m1", .body = MailBody("m1", "ada@example.com")});
  const auto outcome = pickup_->PollOnce();
  EXPECT_EQ(outcome.written, 1);
  EXPECT_EQ(queue_->Depth(), 0);
  const auto files = Files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), "m1.eml");
  std::ifstream in(files[0]);
  std::stringstream content;
  content << in.rdbuf();
  const auto eml = content.str();
  EXPECT_NE(eml.find("To: ada@example.com\r\n"), std::string::npos);
  EXPECT_NE(eml.find("From: rampart <no-reply@localhost>\r\n"), std::string::npos);
  EXPECT_NE(eml.find("Message-ID: <m1@rampart>\r\n"), std::string::npos);
  EXPECT_NE(eml.find("http://x/reset?token=t1\r\n"), std::string::npos);
}

TEST_F(MailPickupTest, AMailWithAnHtmlPartBecomesAMultipartFile) {
  queue_->Publish({.group_id = "u1",
                   .deduplication_id = "m2",
                   .body = R"({"type":"mail","id":"m2","to":"ada@example.com","subject":"Hi",)"
                           R"("text":"Hello <b>\n","html":"<p>Hello &lt;b&gt;</p>"})"});
  EXPECT_EQ(pickup_->PollOnce().written, 1);
  std::ifstream in(dir_ / "mail" / "m2.eml");
  std::stringstream content;
  content << in.rdbuf();
  const auto eml = content.str();
  EXPECT_NE(eml.find("Content-Type: multipart/alternative;"), std::string::npos) << eml;
  EXPECT_NE(eml.find("Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: "
                     "8bit\r\n\r\n<p>Hello &lt;b&gt;</p>\r\n"),
            std::string::npos)
      << eml;
}

TEST_F(MailPickupTest, TheSameMailDeliveredTwiceLeavesOneFile) {
  // Published twice past the deduplication window: two queue messages, one mail.
  queue_->Publish(
      {.group_id = "u1", .deduplication_id = "m1", .body = MailBody("m1", "a@example.com")});
  now_ += 6min;
  queue_->Publish(
      {.group_id = "u1", .deduplication_id = "m1", .body = MailBody("m1", "a@example.com")});
  EXPECT_EQ(queue_->Depth(), 2);
  EXPECT_EQ(pickup_->PollOnce().written, 1);
  EXPECT_EQ(pickup_->PollOnce().duplicates, 1);
  EXPECT_EQ(queue_->Depth(), 0);
  EXPECT_EQ(Files().size(), 1u);
}

TEST_F(MailPickupTest, AnUnreadableMessageEndsInTheDeadLetterQueue) {
  queue_->Publish({.group_id = "u1",
                   .deduplication_id = "bad",
                   .body = R"({"type":"mail","id":"../../etc/x"})"});
  queue_->Publish(
      {.group_id = "u1", .deduplication_id = "m2", .body = MailBody("m2", "b@example.com")});
  for (int attempt = 0; attempt < 2; ++attempt) {
    EXPECT_EQ(pickup_->PollOnce().unreadable, 1);
    now_ += 31s;
  }
  EXPECT_EQ(pickup_->PollOnce().written, 0) << "dead-lettered on this receive";
  EXPECT_EQ(pickup_->PollOnce().written, 1);
  EXPECT_EQ(queue_->DeadLetters().size(), 1u);
  ASSERT_EQ(Files().size(), 1u);
  EXPECT_EQ(Files()[0].filename(), "m2.eml");
}

TEST_F(MailPickupTest, AMailTheInboxKnowsIsDeletedWithoutBeingWrittenAgain) {
  MemoryLedger ledger;
  MailPickup pickup(*queue_, {.directory = dir_ / "mail",
                              .from = "rampart <no-reply@localhost>",
                              .visibility_timeout = 30s,
                              .ledger = &ledger});
  queue_->Publish(
      {.group_id = "u1", .deduplication_id = "m1", .body = MailBody("m1", "a@example.com")});
  EXPECT_EQ(pickup.PollOnce().written, 1);
  EXPECT_TRUE(ledger.handled.contains("m1")) << "recorded once written";
  std::filesystem::remove_all(dir_ / "mail");  // the operator collected the file
  now_ += 6min;                                // past the deduplication window
  queue_->Publish(
      {.group_id = "u1", .deduplication_id = "m1", .body = MailBody("m1", "a@example.com")});
  const auto again = pickup.PollOnce();
  EXPECT_EQ(again.duplicates, 1);
  EXPECT_EQ(again.written, 0);
  EXPECT_TRUE(Files().empty()) << "the file name alone would have written it again";
  EXPECT_EQ(queue_->Depth(), 0);
}

TEST_F(MailPickupTest, AnUnreadableMessageRecordsItsFailureAndABrokenLedgerLetsMailsThrough) {
  MemoryLedger ledger;
  MailPickup pickup(*queue_, {.directory = dir_ / "mail",
                              .from = "rampart <no-reply@localhost>",
                              .visibility_timeout = 30s,
                              .ledger = &ledger});
  const auto bad = queue_->Publish({.group_id = "u1", .deduplication_id = "bad", .body = "{}"});
  EXPECT_EQ(pickup.PollOnce().unreadable, 1);
  ASSERT_EQ(ledger.failures.size(), 1u);
  EXPECT_EQ(ledger.failures[0], bad + ": not a mail message");
  ledger.broken = true;
  queue_->Publish(
      {.group_id = "u2", .deduplication_id = "m2", .body = MailBody("m2", "b@example.com")});
  EXPECT_EQ(pickup.PollOnce().written, 1) << "at least once: never held back by the inbox";
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
