#pragma once
// The message queue port: what the outbox dispatcher publishes to and what consumers read.
// Semantics are Amazon SQS FIFO's, which both adapters keep: the embedded local queue
// (infrastructure/messaging/local) and the SQS adapter (infrastructure/messaging/sqs); the
// shared contract suite is tests/integration/messaging/queue_contract.*. See docs/messaging.md.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::application {

// String message attributes (SQS MessageAttributes of DataType String): metadata a consumer
// can read without parsing the body (e.g. the message type). At most 10 per message.
using MessageAttributes = std::map<std::string, std::string, std::less<>>;

struct OutgoingMessage {
  // Messages of one group are received in publish order, one in flight at a time (FIFO per
  // aggregate: the user id for the identity events).
  std::string group_id;
  // A second publish with the same id within the deduplication window (5 minutes, as SQS) is
  // accepted and not enqueued again: what makes the dispatcher's retries safe.
  std::string deduplication_id;
  std::string body;  // JSON, see docs/messaging.md
  MessageAttributes attributes;
};

struct ReceivedMessage {
  std::string message_id;      // assigned by the queue at publish
  std::string receipt_handle;  // valid for this receive only; Delete() takes it
  std::string group_id;
  std::string deduplication_id;
  std::string body;
  MessageAttributes attributes;
  int receive_count = 0;  // 1 on the first receive
  domain::TimePoint sent_at{};
};

// PublishOutcome is the outcome of one message of a PublishBatch: its message id, or why it was not
// enqueued.
struct PublishOutcome {
  std::string message_id;
  std::string error;  // empty when published
  // The queue refuses this message for good (the sender's fault: too large, malformed): sending
  // it again fails the same way.
  bool permanent = false;
  bool Published() const { return error.empty(); }
};

// QueueStatus: what GET /health and the gauges show of the queue. Counts SQS reports are
// approximate.
struct QueueStatus {
  std::string kind;                       // "local", "sqs" or "sqs-fifo"
  std::optional<long long> visible;       // waiting to be received
  std::optional<long long> in_flight;     // received, not yet deleted
  std::optional<long long> dead_letters;  // in the dead-letter queue
  std::optional<int> max_receives;        // receives before a message is dead-lettered
  std::string dead_letter_queue;          // its name (SQS: from the redrive policy)
  // Age of the oldest message when it was last received (SQS has no attribute for the age of
  // the oldest message waiting; CloudWatch's ApproximateAgeOfOldestMessage is the exact one).
  std::optional<std::chrono::seconds> oldest_received_age;
};

// DeadLetterSummary is a message of the dead-letter queue as an operator sees it (`rampart queue
// dead-letters`): its metadata, never its body (a mail carries a one-time token).
struct DeadLetterSummary {
  std::string message_id;
  std::string group_id;
  std::string type;  // the message's `type` attribute (else the body's "type"); may be empty
  // Receives before it was dead-lettered (embedded queue); SQS: its ApproximateReceiveCount,
  // which listing it raises by one.
  int receive_count = 0;
  domain::TimePoint sent_at{};
  std::size_t body_bytes = 0;
};

// RedriveOutcome: what a redrive did.
struct RedriveOutcome {
  long long moved = 0;  // messages back on the source queue (a move task: those it moved so far)
  std::string method;   // "local", "StartMessageMoveTask" or "receive-and-send"
  std::string task;     // the move task's handle (StartMessageMoveTask runs on in SQS)
  std::string error;    // why it stopped before the end (what it moved stays moved)
};

class MessageQueue {
 public:
  virtual ~MessageQueue() = default;
  // Publish enqueues the message (durably when this returns); the queue's message id. Throws when
  // the queue is unreachable (the caller retries with backoff).
  virtual std::string Publish(const OutgoingMessage& message) = 0;
  // PublishBatch publishes several messages, in order, with one outcome each (same order). A
  // message that failed does not throw: its outcome says why (the caller retries it). Throws only
  // when nothing could be tried. The default publishes them one by one.
  virtual std::vector<PublishOutcome> PublishBatch(std::span<const OutgoingMessage> messages);
  // Receive returns up to `max_messages` messages, hidden from other receivers for
  // `visibility_timeout`: one not deleted by then is received again (at-least-once). A message
  // received more often than the queue's maximum goes to the dead-letter queue instead. SQS waits
  // up to its long-poll time for a first message.
  virtual std::vector<ReceivedMessage> Receive(int max_messages,
                                               std::chrono::milliseconds visibility_timeout) = 0;
  // Delete deletes a received message; false when the receipt is stale (its visibility timed out
  // and someone received it again). Delete only after the handler's work is committed.
  virtual bool Delete(std::string_view receipt_handle) = 0;
  // DeleteBatch deletes several received messages; one result each (same order). The default
  // deletes them one by one.
  virtual std::vector<bool> DeleteBatch(std::span<const std::string> receipt_handles);
  // ExtendVisibility keeps a received message invisible for `visibility_timeout` from now (the
  // heartbeat of a handler that runs long); false when the receipt is stale. Both adapters
  // implement it; the default (for test doubles) cannot extend anything.
  virtual bool ExtendVisibility(std::string_view receipt_handle,
                                std::chrono::milliseconds visibility_timeout);
  // Status returns counts for GET /health and the gauges. Throws when the queue does not answer.
  // Both adapters implement it; the default (for test doubles) knows no counts.
  virtual QueueStatus Status();

  // ListDeadLetters returns up to `limit` messages of the dead-letter queue, oldest first where the
  // queue knows the order. Throws when the queue does not answer or has no dead-letter queue. Both
  // adapters implement it; the default throws std::logic_error.
  virtual std::vector<DeadLetterSummary> ListDeadLetters(int limit);
  // RedriveDeadLetters moves up to `limit` dead letters back to this queue, to be received again
  // with a fresh receive count; each keeps its group and attributes. At least once: a message
  // interrupted half-way may arrive twice (the consumers' inbox absorbs it). Throws as
  // ListDeadLetters.
  virtual RedriveOutcome RedriveDeadLetters(int limit);
};

}  // namespace rampart::application
