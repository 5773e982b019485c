#pragma once
// The message queue port on Amazon SQS, over the AWS JSON protocol (AmazonSQS.* targets):
// SendMessageBatch (10 per call; the entries of a 200 answer's Failed[] are sent again alone),
// ReceiveMessage with long polling, DeleteMessageBatch, ChangeMessageVisibility (the
// heartbeat of a long handler), GetQueueAttributes (depth, in flight, redrive policy and the
// dead-letter queue's depth). The MD5 of every body and of the attributes is checked both
// ways: a send whose answer does not match what was sent fails, a received message that does
// not match what SQS computed is not handed out (it comes back, and ends in the dead-letter
// queue). A `.fifo` queue URL is a FIFO queue: MessageGroupId is the message's group (the
// aggregate) and MessageDeduplicationId its deduplication id (the event id); a standard queue
// gets neither. Thread-safe; calls block (background threads only, or the operator's CLI).
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "application/ports/message_queue.hpp"
#include "infrastructure/aws/aws_json_client.hpp"

namespace rampart::infrastructure::messaging {

struct SqsQueueOptions {
  std::string queue_url;
  std::chrono::seconds wait_time{10};       // ReceiveMessage WaitTimeSeconds (0 to 20)
  int resend_rounds = 3;                    // how often Failed[] entries are sent again alone
  std::chrono::seconds status_max_age{15};  // Status() answers from a cache this fresh
};

class SqsQueue final : public application::MessageQueue {
 public:
  // SqsQueue: `client` speaks to the SQS endpoint (see aws::ResolveEndpoint).
  SqsQueue(SqsQueueOptions options, aws::AwsJsonClient& client);

  std::string Publish(const application::OutgoingMessage& message) override;
  std::vector<application::PublishOutcome> PublishBatch(
      std::span<const application::OutgoingMessage> messages) override;
  std::vector<application::ReceivedMessage> Receive(
      int max_messages, std::chrono::milliseconds visibility_timeout) override;
  bool Delete(std::string_view receipt_handle) override;
  std::vector<bool> DeleteBatch(std::span<const std::string> receipt_handles) override;
  bool ExtendVisibility(std::string_view receipt_handle,
                        std::chrono::milliseconds visibility_timeout) override;
  application::QueueStatus Status() override;
  // ListDeadLetters: sqs_dead_letters.cpp: the dead-letter queue of the redrive policy. Listing
  // receives its messages (hidden for 30 s) and then releases them; a FIFO dead-letter queue hands
  // out one message per group at a time, so it lists the first of each group. A redrive starts
  // StartMessageMoveTask (SQS moves every dead letter back, at its own pace; `limit` does not
  // apply) and, where the service lacks it (emulators), receives from the dead-letter queue, sends
  // to this one and deletes what was sent.
  std::vector<application::DeadLetterSummary> ListDeadLetters(int limit) override;
  application::RedriveOutcome RedriveDeadLetters(int limit) override;

  bool Fifo() const { return fifo_; }
  // QueueUrlOfArn returns the URL of the queue named by an SQS ARN, on the same endpoint as this
  // queue's URL.
  std::string QueueUrlOfArn(std::string_view arn) const;

 private:
  // SendBatch: one SendMessageBatch of at most 10; fills `outcomes` at `indexes`.
  void SendBatch(std::span<const application::OutgoingMessage> messages,
                 const std::vector<std::size_t>& indexes,
                 std::vector<application::PublishOutcome>& outcomes);
  application::QueueStatus FetchStatus();
  // DeadLetterArn returns the ARN of the redrive policy's dead-letter queue; throws when the queue
  // has none.
  std::string DeadLetterArn();
  application::RedriveOutcome ReceiveAndSend(SqsQueue& dead, int limit);

  SqsQueueOptions options_;
  aws::AwsJsonClient& client_;
  bool fifo_;
  std::mutex status_mutex_;
  std::optional<application::QueueStatus> status_;
  std::chrono::steady_clock::time_point status_at_{};
  std::atomic<long long> oldest_received_age_{-1};  // seconds; -1: nothing received yet
};

}  // namespace rampart::infrastructure::messaging
