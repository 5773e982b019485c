#pragma once
// The two queues of a process (docs/messaging.md): `mail` — the embedded queue
// `<data dir>/queue.sqlite3` — read by the mail consumer, and `events` — an embedded queue of its
// own, `<data dir>/events.sqlite3` — which other services read.
// rampart:begin(sqs)
// Either is on SQS when queue.url or events.queue_url names it; both SQS queues share one AWS
// context (credentials, HTTP connections, the `sqs` dependency).
// rampart:end
#include <memory>
#include <string>
#include <string_view>

#include "application/ports/message_queue.hpp"
#include "application/ports/secure_random.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class AwsContext;  // rampart:only(sqs)
class SqsQueueStack;  // rampart:only(sqs)

inline constexpr std::string_view kMailQueue = "mail";
inline constexpr std::string_view kEventsQueue = "events";

// QueueHandle is one of the queues.
class QueueHandle {
 public:
  QueueHandle(std::string name, std::unique_ptr<application::MessageQueue> local);
  QueueHandle(std::string name, std::unique_ptr<SqsQueueStack> sqs);  // rampart:only(sqs)
  ~QueueHandle();
  QueueHandle(QueueHandle&&) noexcept;

  const std::string& Name() const { return name_; }
  application::MessageQueue& Queue() { return *queue_; }
  // rampart:begin(sqs)
  bool IsEmbedded() const { return sqs_ == nullptr; }
  // BreakerState returns the `sqs` dependency's breaker ("closed", "open", "half-open"); empty when
  // embedded.
  // rampart:else
  // bool IsEmbedded() const { return true; }
  // // BreakerState returns the queue's breaker; empty: it has none.
  // rampart:end
  std::string BreakerState() const;

 private:
  std::string name_;
  std::unique_ptr<application::MessageQueue> local_;
  std::unique_ptr<SqsQueueStack> sqs_;  // rampart:only(sqs)
  application::MessageQueue* queue_ = nullptr;
};

class Queues {
 public:
  // Queues opens the embedded queues.
  // Or builds the SQS clients (throws std::runtime_error naming the setting when a region or  // rampart:only(sqs)
  // the credentials are missing).  // rampart:only(sqs)
  Queues(const config::Settings& settings, application::SecureRandom& random);
  ~Queues();

  QueueHandle& Mail() { return *mail_; }
  QueueHandle& Events() { return *events_; }
  // Find returns the queue called `name` ("mail" or "events"); nullptr for another name.
  QueueHandle* Find(std::string_view name);

 private:
  std::unique_ptr<AwsContext> aws_;  // when either queue is on SQS; destroyed after them  // rampart:only(sqs)
  std::unique_ptr<QueueHandle> mail_;
  std::unique_ptr<QueueHandle> events_;
};

}  // namespace rampart
