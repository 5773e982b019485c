#include "infrastructure/messaging/local/mail_pickup.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::infrastructure::messaging {
namespace {

using namespace std::chrono_literals;

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

}  // namespace
}  // namespace rampart::infrastructure::messaging
