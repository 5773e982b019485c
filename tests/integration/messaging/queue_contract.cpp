// The contract of the MessageQueue port (see queue_contract.hpp). Redelivery is made
// immediate by releasing a message (ExtendVisibility to 0), so no test waits on a clock.
#include "integration/messaging/queue_contract.hpp"

#include <set>

namespace rampart::integration {
namespace {

using namespace std::chrono_literals;
using application::OutgoingMessage;
using application::ReceivedMessage;

OutgoingMessage Message(std::string group, std::string dedup, std::string body,
                        application::MessageAttributes attributes = {}) {
  return {.group_id = std::move(group),
          .deduplication_id = std::move(dedup),
          .body = std::move(body),
          .attributes = std::move(attributes)};
}

// Receives until `count` messages came (each receive may return fewer), or a receive is empty.
std::vector<ReceivedMessage> ReceiveAtLeast(application::MessageQueue& queue, std::size_t count,
                                            bool delete_each = false) {
  std::vector<ReceivedMessage> all;
  while (all.size() < count) {
    auto batch = queue.Receive(10, 30s);
    if (batch.empty()) break;
    for (auto& message : batch) {
      if (delete_each) EXPECT_TRUE(queue.Delete(message.receipt_handle));
      all.push_back(std::move(message));
    }
  }
  return all;
}

TEST_P(QueueContract, APublishedMessageIsReceivedWithItsAttributesAndDeleted) {
  const auto id = queue_->Publish(
      Message("user-1", "event-1", R"({"type":"mail"})", {{"type", "mail"}, {"ce-id", "e1"}}));
  EXPECT_FALSE(id.empty());
  auto received = queue_->Receive(10, 30s);
  ASSERT_EQ(received.size(), 1U);
  const auto& message = received.front();
  EXPECT_EQ(message.message_id, id);
  EXPECT_EQ(message.body, R"({"type":"mail"})");
  EXPECT_EQ(message.group_id, "user-1");
  EXPECT_EQ(message.deduplication_id, "event-1");
  EXPECT_EQ(message.receive_count, 1);
  const application::MessageAttributes expected{{"ce-id", "e1"}, {"type", "mail"}};
  EXPECT_EQ(message.attributes, expected);
  EXPECT_GT(message.sent_at.time_since_epoch().count(), 0);
  EXPECT_TRUE(queue_->Delete(message.receipt_handle));
  EXPECT_TRUE(queue_->Receive(10, 30s).empty());
}

TEST_P(QueueContract, TheSameDeduplicationIdIsEnqueuedOnce) {
  queue_->Publish(Message("g", "same", "first"));
  queue_->Publish(Message("g", "same", "second"));
  const auto received = ReceiveAtLeast(*queue_, 2, true);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received.front().body, "first");
}

TEST_P(QueueContract, EachGroupIsFifoWithItsHeadInFlightAlone) {
  queue_->Publish(Message("a", "a1", "a1"));
  queue_->Publish(Message("a", "a2", "a2"));
  queue_->Publish(Message("b", "b1", "b1"));
  // Whatever a receive returns, a group's later message never comes before its head is gone.
  std::vector<std::string> order;
  for (int round = 0; round < 5 && order.size() < 3; ++round) {
    auto batch = queue_->Receive(10, 30s);
    std::set<std::string> groups;
    for (const auto& message : batch) {
      order.push_back(message.body);
      groups.insert(message.group_id);
    }
    if (order.size() == 2 && std::find(order.begin(), order.end(), "a2") == order.end()) {
      // Both heads in flight: nothing more until one is deleted.
      EXPECT_TRUE(queue_->Receive(10, 30s).empty());
    }
    for (const auto& message : batch) EXPECT_TRUE(queue_->Delete(message.receipt_handle));
  }
  ASSERT_EQ(order.size(), 3U);
  EXPECT_LT(std::find(order.begin(), order.end(), "a1"),
            std::find(order.begin(), order.end(), "a2"));
}

TEST_P(QueueContract, ABatchIsPublishedInOrder) {
  std::vector<OutgoingMessage> messages;
  for (int i = 0; i < 23; ++i) {
    messages.push_back(Message("one-group", "m" + std::to_string(i), "body " + std::to_string(i),
                               {{"n", std::to_string(i)}}));
  }
  const auto outcomes = queue_->PublishBatch(messages);
  ASSERT_EQ(outcomes.size(), messages.size());
  std::set<std::string> ids;
  for (const auto& outcome : outcomes) {
    EXPECT_TRUE(outcome.Published()) << outcome.error;
    ids.insert(outcome.message_id);
  }
  EXPECT_EQ(ids.size(), messages.size());
  const auto received = ReceiveAtLeast(*queue_, messages.size(), true);
  ASSERT_EQ(received.size(), messages.size());
  for (std::size_t i = 0; i < received.size(); ++i) {
    EXPECT_EQ(received[i].body, "body " + std::to_string(i));
    EXPECT_EQ(received[i].attributes.at("n"), std::to_string(i));
  }
}

TEST_P(QueueContract, AReleasedMessageComesBackWithAHigherReceiveCount) {
  queue_->Publish(Message("g", "d", "again"));
  auto first = queue_->Receive(10, 30s);
  ASSERT_EQ(first.size(), 1U);
  EXPECT_TRUE(queue_->Receive(10, 30s).empty()) << "invisible while in flight";
  EXPECT_TRUE(queue_->ExtendVisibility(first.front().receipt_handle, 0ms));
  auto second = queue_->Receive(10, 30s);
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second.front().message_id, first.front().message_id);
  EXPECT_EQ(second.front().receive_count, 2);
  EXPECT_TRUE(queue_->Delete(second.front().receipt_handle));
}

TEST_P(QueueContract, DeleteBatchDeletesEveryReceivedMessage) {
  for (int i = 0; i < 3; ++i)
    queue_->Publish(Message("g" + std::to_string(i), std::to_string(i), "x"));
  const auto received = ReceiveAtLeast(*queue_, 3);
  ASSERT_EQ(received.size(), 3U);
  std::vector<std::string> receipts;
  for (const auto& message : received) receipts.push_back(message.receipt_handle);
  const auto deleted = queue_->DeleteBatch(receipts);
  EXPECT_EQ(deleted, std::vector<bool>(3, true));
  EXPECT_TRUE(queue_->Receive(10, 30s).empty());
}

TEST_P(QueueContract, StatusCountsWaitingAndInFlightMessages) {
  queue_->Publish(Message("a", "1", "x"));
  queue_->Publish(Message("b", "2", "y"));
  const auto before = queue_->Status();
  EXPECT_FALSE(before.kind.empty());
  EXPECT_EQ(before.visible, 2);
  EXPECT_EQ(before.in_flight, 0);
  EXPECT_EQ(before.max_receives, kContractMaxReceives);
  EXPECT_FALSE(before.dead_letter_queue.empty());
}

TEST_P(QueueContract, AMessageReceivedTooOftenGoesToTheDeadLetterQueue) {
  queue_->Publish(Message("poison", "p", "cannot be handled"));
  for (int receive = 1; receive <= kContractMaxReceives; ++receive) {
    auto batch = queue_->Receive(10, 30s);
    ASSERT_EQ(batch.size(), 1U) << "receive " << receive;
    EXPECT_EQ(batch.front().receive_count, receive);
    ASSERT_TRUE(queue_->ExtendVisibility(batch.front().receipt_handle, 0ms));  // handler failed
  }
  EXPECT_TRUE(queue_->Receive(10, 30s).empty());
  EXPECT_EQ(queue_->Status().dead_letters, 1);
}

}  // namespace
}  // namespace rampart::integration
