#pragma once
// The two queues of a process (docs/messaging.md): `mail` — queue.url, else the embedded queue
// `<data dir>/queue.sqlite3` — read by the mail consumer, and `events` — events.queue_url, else
// an embedded queue of its own, `<data dir>/events.sqlite3` — which other services read. Both
// SQS queues share one AWS context (credentials, HTTP connections, the `sqs` dependency).
#include <memory>
#include <string>
#include <string_view>

#include "application/ports/message_queue.hpp"
#include "application/ports/secure_random.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class AwsContext;
class SqsQueueStack;

inline constexpr std::string_view kMailQueue = "mail";
inline constexpr std::string_view kEventsQueue = "events";

// QueueHandle is one of the queues, embedded or SQS.
class QueueHandle {
 public:
  QueueHandle(std::string name, std::unique_ptr<application::MessageQueue> local);
  QueueHandle(std::string name, std::unique_ptr<SqsQueueStack> sqs);
  ~QueueHandle();
  QueueHandle(QueueHandle&&) noexcept;

  const std::string& Name() const { return name_; }
  application::MessageQueue& Queue() { return *queue_; }
  bool IsSqs() const { return sqs_ != nullptr; }
  // BreakerState returns the `sqs` dependency's breaker ("closed", "open", "half-open"); empty when
  // embedded.
  std::string BreakerState() const;

 private:
  std::string name_;
  std::unique_ptr<application::MessageQueue> local_;
  std::unique_ptr<SqsQueueStack> sqs_;
  application::MessageQueue* queue_ = nullptr;
};

class Queues {
 public:
  // Queues opens the embedded queues, or builds the SQS clients (throws std::runtime_error naming
  // the setting when a region or the credentials are missing).
  Queues(const config::Settings& settings, application::SecureRandom& random);
  ~Queues();

  QueueHandle& Mail() { return *mail_; }
  QueueHandle& Events() { return *events_; }
  // Find returns the queue called `name` ("mail" or "events"); nullptr for another name.
  QueueHandle* Find(std::string_view name);

 private:
  std::unique_ptr<AwsContext> aws_;  // when either queue is on SQS; destroyed after them
  std::unique_ptr<QueueHandle> mail_;
  std::unique_ptr<QueueHandle> events_;
};

}  // namespace rampart
