#pragma once
// The embedded default message queue: a SQLite file of its own (`<data dir>/queue.sqlite3`),
// with SQS FIFO semantics — deduplication window, FIFO per message group with one message in
// flight per group, visibility timeout, receive count and a dead-letter table after
// `max_receives` receives (listed and moved back by the operator's `rampart queue` commands),
// and the retention period. Durable: every publish, receive and delete is a committed
// transaction (synchronous=FULL), so a message survives kill -9 and power loss. Thread-safe.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "application/ports/message_queue.hpp"
#include "application/ports/secure_random.hpp"

namespace rampart::infrastructure::sqlite {
class Connection;
}

namespace rampart::infrastructure::messaging {

struct LocalQueueOptions {
  // A message received this many times without being deleted goes to the dead-letter table on
  // its next receive (SQS's maxReceiveCount).
  int max_receives = 5;
  std::chrono::milliseconds deduplication_window = std::chrono::minutes(5);
  // Messages (and dead letters) older than this are deleted, as SQS deletes them after its
  // retention period (4 days by default); 0 keeps them. Checked at most once a minute.
  std::chrono::milliseconds retention{0};
  // The time source (tests move it by hand).
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
};

struct DeadLetter {
  std::string message_id;
  std::string group_id;
  std::string body;
  int receive_count = 0;
};

class LocalQueue final : public application::MessageQueue {
 public:
  // LocalQueue opens (creating) the queue file. Throws std::runtime_error when it cannot.
  LocalQueue(const std::filesystem::path& file, application::SecureRandom& random,
             LocalQueueOptions options = {});
  ~LocalQueue() override;

  std::string Publish(const application::OutgoingMessage& message) override;
  std::vector<application::ReceivedMessage> Receive(
      int max_messages, std::chrono::milliseconds visibility_timeout) override;
  bool Delete(std::string_view receipt_handle) override;
  bool ExtendVisibility(std::string_view receipt_handle,
                        std::chrono::milliseconds visibility_timeout) override;
  application::QueueStatus Status() override;
  std::vector<application::DeadLetterSummary> ListDeadLetters(int limit) override;
  application::RedriveOutcome RedriveDeadLetters(int limit) override;

  // Depth counts the messages waiting or in flight (not dead-lettered).
  long long Depth();
  // DeadLetters returns the dead-letter queue, oldest first.
  std::vector<DeadLetter> DeadLetters();
  // DeadLetterCount returns how many messages are in the dead-letter queue (without reading them).
  long long DeadLetterCount();

 private:
  long long NowMs() const;
  // ApplyRetention deletes what is older than the retention period (inside a publish's
  // transaction).
  void ApplyRetention(long long now_ms);

  application::SecureRandom& random_;
  LocalQueueOptions options_;
  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;
  long long retention_checked_ms_ = 0;
};

}  // namespace rampart::infrastructure::messaging
