// The SQS adapter against fauxqs behind the SigV4-checking proxy (ctest fixture "sqs"): the
// queue contract shared with the embedded queue, plus what is SQS's own — a standard queue,
// a refused signature, the dead-letter queue's depth from the redrive policy.
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "infrastructure/messaging/sqs/sqs_test_support.hpp"
#include "integration/messaging/queue_contract.hpp"

namespace rampart::infrastructure::messaging {
namespace {

using namespace std::chrono_literals;
using testing::SqsPeer;

// Kept for the process: queues made by the contract outlive their test (fauxqs keeps them).
SqsPeer& Peer() {
  static SqsPeer peer;
  return peer;
}

std::shared_ptr<application::MessageQueue> MakeQueue() {
  const auto url = Peer().CreateQueueWithDeadLetters(testing::UniqueName("contract"),
                                                     integration::kContractMaxReceives);
  return std::make_shared<SqsQueue>(SqsQueueOptions{.queue_url = url, .wait_time = 1s},
                                    Peer().Client());
}

}  // namespace
}  // namespace rampart::infrastructure::messaging

namespace rampart::integration {
INSTANTIATE_TEST_SUITE_P(Sqs, QueueContract,
                         ::testing::Values(ContractQueue{"sqs",
                                                         &infrastructure::messaging::MakeQueue}),
                         ContractQueueName);
}  // namespace rampart::integration

namespace rampart::infrastructure::messaging {
namespace {

TEST(SqsQueue, AStandardQueueTakesNoGroupOrDeduplicationId) {
  const auto url = Peer().CreateQueue(testing::UniqueName("standard"));
  SqsQueue queue({.queue_url = url, .wait_time = 1s}, Peer().Client());
  EXPECT_FALSE(queue.Fifo());
  queue.Publish({.group_id = "g", .deduplication_id = "d", .body = "plain"});
  const auto received = queue.Receive(10, 30s);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received.front().body, "plain");
  EXPECT_TRUE(received.front().group_id.empty());
  EXPECT_EQ(queue.Status().kind, "sqs");
}

TEST(SqsQueue, ARequestSignedWithAWrongSecretIsRefused) {
  const auto url = Peer().CreateQueue(testing::UniqueName("signed") + ".fifo");
  SqsPeer wrong("not-the-secret");
  SqsQueue queue({.queue_url = url, .wait_time = 1s}, wrong.Client());
  try {
    queue.Publish({.group_id = "g", .deduplication_id = "d", .body = "x"});
    FAIL() << "published with a wrong secret";
  } catch (const std::runtime_error& refused) {
    EXPECT_NE(std::string(refused.what()).find("InvalidSignatureException (403)"),
              std::string::npos)
        << refused.what();
    EXPECT_EQ(std::string(refused.what()).find("not-the-secret"), std::string::npos);
  }
  SqsQueue right({.queue_url = url, .wait_time = 1s}, Peer().Client());
  EXPECT_TRUE(right.Receive(10, 30s).empty()) << "nothing got through";
}

TEST(SqsQueue, TheDeadLetterQueueIsFoundFromTheRedrivePolicy) {
  const auto name = testing::UniqueName("redrive");
  const auto url = Peer().CreateQueueWithDeadLetters(name, 3);
  SqsQueue queue({.queue_url = url, .wait_time = 1s}, Peer().Client());
  const auto status = queue.Status();
  EXPECT_EQ(status.kind, "sqs-fifo");
  EXPECT_EQ(status.max_receives, 3);
  EXPECT_EQ(status.dead_letter_queue, name + "-dlq.fifo");
  EXPECT_EQ(status.dead_letters, 0);
  EXPECT_EQ(queue.QueueUrlOfArn("arn:aws:sqs:us-east-1:000000000000:" + name + "-dlq.fifo"),
            Peer().Endpoint() + "/000000000000/" + name + "-dlq.fifo");
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
