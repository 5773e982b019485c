#include "infrastructure/messaging/local/local_queue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::infrastructure::messaging {
namespace {

using namespace std::chrono_literals;

class LocalQueueTest : public testing::Test {
 protected:
  LocalQueueTest() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rampart-queue-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  ~LocalQueueTest() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<LocalQueue> Open(int max_receives = 3) {
    return std::make_unique<LocalQueue>(dir_ / "queue.sqlite3", random_,
                                        LocalQueueOptions{.max_receives = max_receives,
                                                          .deduplication_window = 5min,
                                                          .now = [this] { return now_; }});
  }

  static application::OutgoingMessage Message(std::string group, std::string dedup,
                                              std::string body) {
    return {.group_id = std::move(group),
            .deduplication_id = std::move(dedup),
            .body = std::move(body)};
  }

  std::filesystem::path dir_;
  SodiumSecureRandom random_;
  std::chrono::system_clock::time_point now_{std::chrono::seconds(1'800'000'000)};
};

TEST_F(LocalQueueTest, ReceiveThenDeleteRemovesTheMessage) {
  auto queue = Open();
  const auto id = queue->Publish(Message("g", "d1", "hello"));
  auto received = queue->Receive(10, 30s);
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].message_id, id);
  EXPECT_EQ(received[0].body, "hello");
  EXPECT_EQ(received[0].group_id, "g");
  EXPECT_EQ(received[0].receive_count, 1);
  EXPECT_TRUE(queue->Delete(received[0].receipt_handle));
  EXPECT_FALSE(queue->Delete(received[0].receipt_handle));
  now_ += 1h;
  EXPECT_TRUE(queue->Receive(10, 30s).empty());
  EXPECT_EQ(queue->Depth(), 0);
}

TEST_F(LocalQueueTest, AnUndeletedMessageComesBackAfterTheVisibilityTimeout) {
  auto queue = Open();
  queue->Publish(Message("g", "d1", "hello"));
  const auto first = queue->Receive(10, 30s);
  ASSERT_EQ(first.size(), 1u);
  now_ += 29s;
  EXPECT_TRUE(queue->Receive(10, 30s).empty()) << "still invisible";
  now_ += 1s;
  const auto again = queue->Receive(10, 30s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].message_id, first[0].message_id);
  EXPECT_EQ(again[0].receive_count, 2);
  EXPECT_NE(again[0].receipt_handle, first[0].receipt_handle);
  EXPECT_FALSE(queue->Delete(first[0].receipt_handle)) << "a stale receipt deletes nothing";
  EXPECT_TRUE(queue->Delete(again[0].receipt_handle));
}

TEST_F(LocalQueueTest, TheSameDeduplicationIdIsEnqueuedOnceWithinTheWindow) {
  auto queue = Open();
  const auto first = queue->Publish(Message("g", "same", "one"));
  EXPECT_EQ(queue->Publish(Message("g", "same", "two")), first);
  EXPECT_EQ(queue->Depth(), 1);
  now_ += 5min + 1s;
  EXPECT_NE(queue->Publish(Message("g", "same", "three")), first) << "window over";
  EXPECT_EQ(queue->Depth(), 2);
}

TEST_F(LocalQueueTest, GroupsAreFifoWithOneMessageInFlightEach) {
  auto queue = Open();
  queue->Publish(Message("a", "a1", "a1"));
  queue->Publish(Message("b", "b1", "b1"));
  queue->Publish(Message("a", "a2", "a2"));
  queue->Publish(Message("b", "b2", "b2"));
  auto heads = queue->Receive(10, 30s);
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0].body, "a1");
  EXPECT_EQ(heads[1].body, "b1");
  EXPECT_TRUE(queue->Receive(10, 30s).empty()) << "both groups blocked while in flight";
  queue->Delete(heads[0].receipt_handle);
  auto next = queue->Receive(10, 30s);
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].body, "a2");
  queue->Delete(next[0].receipt_handle);
  // b1 times out and is received again before b2.
  now_ += 31s;
  auto retry = queue->Receive(10, 30s);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].body, "b1");
}

TEST_F(LocalQueueTest, AMessageReceivedMaxReceivesTimesGoesToTheDeadLetterQueue) {
  auto queue = Open(/*max_receives=*/2);
  queue->Publish(Message("g", "poison", "poison"));
  queue->Publish(Message("g", "next", "next"));
  for (int receive = 1; receive <= 2; ++receive) {
    auto got = queue->Receive(10, 1s);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].body, "poison");
    EXPECT_EQ(got[0].receive_count, receive);
    now_ += 1s;
  }
  EXPECT_TRUE(queue->Receive(10, 1s).empty()) << "the third receive dead-letters it";
  const auto dead = queue->DeadLetters();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(queue->DeadLetterCount(), 1);
  EXPECT_EQ(queue->Depth(), 1) << "the next message is still queued";
  EXPECT_EQ(dead[0].body, "poison");
  EXPECT_EQ(dead[0].receive_count, 2);
  auto after = queue->Receive(10, 1s);
  ASSERT_EQ(after.size(), 1u) << "the group goes on";
  EXPECT_EQ(after[0].body, "next");
}

TEST_F(LocalQueueTest, DeadLettersAreListedWithoutBodiesAndRedrivenWithAFreshReceiveCount) {
  auto queue = Open(/*max_receives=*/1);
  auto poison = Message("g", "poison", R"({"type":"rampart.user.updated","n":1})");
  poison.attributes = {{"type", "rampart.user.updated"}};
  const auto id = queue->Publish(poison);
  queue->Publish(Message("h", "other", R"({"type":"mail"})"));
  for (int receive = 0; receive < 2; ++receive) {
    for (const auto& got : queue->Receive(10, 1s)) {
      if (got.group_id == "h") queue->Delete(got.receipt_handle);
    }
    now_ += 2s;
  }
  queue->Receive(10, 1s);  // dead-letters it
  ASSERT_EQ(queue->DeadLetterCount(), 1);
  const auto listed = queue->ListDeadLetters(10);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].message_id, id);
  EXPECT_EQ(listed[0].group_id, "g");
  EXPECT_EQ(listed[0].type, "rampart.user.updated");
  EXPECT_EQ(listed[0].receive_count, 1);
  EXPECT_EQ(listed[0].body_bytes, poison.body.size());
  EXPECT_EQ(queue->ListDeadLetters(10).size(), 1u) << "listing leaves it where it is";

  const auto outcome = queue->RedriveDeadLetters(10);
  EXPECT_EQ(outcome.moved, 1);
  EXPECT_EQ(outcome.method, "local");
  EXPECT_EQ(queue->DeadLetterCount(), 0);
  const auto again = queue->Receive(10, 1s);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].message_id, id) << "the same id: a failure recorded for it still matches";
  EXPECT_EQ(again[0].receive_count, 1) << "a fresh count";
  EXPECT_EQ(again[0].attributes.at("type"), "rampart.user.updated");
  EXPECT_EQ(again[0].body, poison.body);
}

TEST_F(LocalQueueTest, MessagesSurviveReopening) {
  std::string id;
  {
    auto queue = Open();
    id = queue->Publish(Message("g", "d", "durable"));
    ASSERT_EQ(queue->Receive(1, 30s).size(), 1u);  // in flight when the process "dies"
  }
  auto reopened = Open();
  now_ += 31s;
  auto got = reopened->Receive(10, 30s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].message_id, id);
  EXPECT_EQ(got[0].receive_count, 2);
}

TEST_F(LocalQueueTest, ConcurrentReceiversNeverGetTheSameMessage) {
  auto queue = Open();
  constexpr int kMessages = 200;
  for (int i = 0; i < kMessages; ++i) {
    queue->Publish(Message("g" + std::to_string(i), "d" + std::to_string(i), std::to_string(i)));
  }
  std::vector<std::vector<std::string>> seen(4);
  std::vector<std::thread> threads;
  for (auto& mine : seen) {
    threads.emplace_back([&queue, &mine] {
      for (;;) {
        auto got = queue->Receive(7, 10min);
        if (got.empty()) return;
        for (auto& message : got) mine.push_back(message.body);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  std::size_t total = 0;
  for (const auto& mine : seen) {
    total += mine.size();
    all.insert(mine.begin(), mine.end());
  }
  EXPECT_EQ(total, static_cast<std::size_t>(kMessages));
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kMessages));
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
