// The defaults of the MessageQueue port that adapters and test doubles inherit: batches one by
// one (a failed message is an outcome, not an exception), no visibility extension, no counts, and
// no dead-letter operations.
#include "application/ports/message_queue.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>

namespace rampart::application {
namespace {

// Publishes every message but the one whose body is "refused"; deletes known receipts.
class MinimalQueue final : public MessageQueue {
 public:
  std::string Publish(const OutgoingMessage& message) override {
    if (message.body == "refused") throw std::runtime_error("throttled");
    return "id-" + message.body;
  }
  std::vector<ReceivedMessage> Receive(int, std::chrono::milliseconds) override { return {}; }
  bool Delete(std::string_view receipt) override { return receipt == "known"; }
};

TEST(MessageQueueDefaults, PublishBatchGivesEachMessageItsOutcomeInOrder) {
  MinimalQueue queue;
  const std::array<OutgoingMessage, 3> messages{OutgoingMessage{.body = "a"},
                                                OutgoingMessage{.body = "refused"},
                                                OutgoingMessage{.body = "b"}};
  const auto outcomes = queue.PublishBatch(messages);
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_TRUE(outcomes[0].Published());
  EXPECT_EQ(outcomes[0].message_id, "id-a");
  EXPECT_FALSE(outcomes[1].Published());
  EXPECT_EQ(outcomes[1].error, "throttled");
  EXPECT_FALSE(outcomes[1].permanent) << "retried, as a throw of Publish is";
  EXPECT_EQ(outcomes[2].message_id, "id-b") << "a failure does not stop the batch";
}

TEST(MessageQueueDefaults, DeleteBatchAnswersEachReceipt) {
  MinimalQueue queue;
  const std::array<std::string, 3> receipts{"known", "stale", "known"};
  EXPECT_EQ(queue.DeleteBatch(receipts), (std::vector<bool>{true, false, true}));
  EXPECT_TRUE(queue.DeleteBatch({}).empty());
}

TEST(MessageQueueDefaults, ATestDoubleKnowsNoCountsAndHasNoDeadLetters) {
  MinimalQueue queue;
  EXPECT_FALSE(queue.ExtendVisibility("known", std::chrono::seconds(30)));
  const auto status = queue.Status();
  EXPECT_EQ(status.kind, "unknown");
  EXPECT_FALSE(status.visible.has_value());
  EXPECT_FALSE(status.dead_letters.has_value());
  EXPECT_THROW(queue.ListDeadLetters(10), std::logic_error);
  EXPECT_THROW(queue.RedriveDeadLetters(10), std::logic_error);
}

}  // namespace
}  // namespace rampart::application
