#pragma once
// The message queue port: what the outbox dispatcher publishes to and what consumers read.
// Semantics are Amazon SQS FIFO's, which both adapters keep: the embedded local queue
// (infrastructure/messaging/local) and the SQS adapter. See docs/messaging.md.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::application {

struct OutgoingMessage {
  // Messages of one group are received in publish order, one in flight at a time (FIFO per
  // aggregate: the user id for the identity events).
  std::string group_id;
  // A second publish with the same id within the deduplication window (5 minutes, as SQS) is
  // accepted and not enqueued again: what makes the dispatcher's retries safe.
  std::string deduplication_id;
  std::string body;  // JSON, see docs/messaging.md
};

struct ReceivedMessage {
  std::string message_id;      // assigned by the queue at publish
  std::string receipt_handle;  // valid for this receive only; Delete() takes it
  std::string group_id;
  std::string deduplication_id;
  std::string body;
  int receive_count = 0;  // 1 on the first receive
  domain::TimePoint sent_at{};
};

class MessageQueue {
 public:
  virtual ~MessageQueue() = default;
  // Enqueues the message (durably when this returns); the queue's message id. Throws when the
  // queue is unreachable (the caller retries with backoff).
  virtual std::string Publish(const OutgoingMessage& message) = 0;
  // Up to `max_messages` messages, hidden from other receivers for `visibility_timeout`: one
  // not deleted by then is received again (at-least-once). A message received more often than
  // the queue's maximum goes to the dead-letter queue instead.
  virtual std::vector<ReceivedMessage> Receive(int max_messages,
                                               std::chrono::milliseconds visibility_timeout) = 0;
  // Deletes a received message; false when the receipt is stale (its visibility timed out and
  // someone received it again).
  virtual bool Delete(std::string_view receipt_handle) = 0;
};

}  // namespace rampart::application
