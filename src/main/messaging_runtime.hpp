#pragma once
// The background side of messaging in `rampart serve`: the queue (the embedded one, or SQS when
// queue.url is set), the outbox dispatcher and the mail consumer — over SMTP when smtp.url is
// set, else the pickup directory — each on a thread of its own (never on the I/O threads), plus
// their gauges and the queue's status (refreshed every 15 s on a thread of its own, so neither a
// scrape nor GET /health waits on SQS). Stop() — after the HTTP drain — drains the outbox and
// then (embedded queue only) the queue's mails (within server.shutdown_timeout), so mails
// committed before SIGTERM are delivered before the process exits; on SQS they wait there for
// the next consumer. An SMTP exchange in progress is cut short.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "application/messaging/outbox_dispatcher.hpp"
#include "application/ports/secure_random.hpp"
#include "main/config/settings.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {

namespace infrastructure::messaging {
class MailPickup;
}  // namespace infrastructure::messaging
class AwsContext;
class SqsQueueStack;
namespace infrastructure::smtp {
class AsioSmtpConnector;
class SmtpMailer;
}  // namespace infrastructure::smtp

class MessagingRuntime {
 public:
  // Opens the embedded queue (`<data dir>/queue.sqlite3`), or builds the SQS client when
  // queue.url is set (throws when its region or credentials are missing); the threads start
  // with Start().
  MessagingRuntime(const config::Settings& settings, application::UnitOfWorkFactory& database,
                   application::Clock& clock, application::SecureRandom& random);
  ~MessagingRuntime();

  void Start();
  // Idempotent. Joins the threads after their last pass.
  void Stop();
  // A round trip to the queue (for /health/ready); throws when it does not answer.
  void Ping();

  struct Status {
    long long outbox_depth = 0;  // unpublished outbox messages at the dispatcher's last pass
    std::chrono::seconds outbox_oldest_age{0};
    std::optional<long long> queue_depth;  // waiting or in flight; nullopt: no answer
    std::optional<long long> dead_letters;
    application::QueueStatus queue;  // the last status the queue gave
    std::string circuit_breaker;     // SQS: its outbound breaker; empty: embedded
  };
  // For GET /health (detailed). Never throws: a queue that does not answer leaves its counts
  // empty (and is logged).
  Status CurrentStatus();

 private:
  // Runs `pass` after every interval (and once more after Stop()); a pass returns whether
  // there is more to do at once (a full batch), so a burst drains at full speed.
  void Loop(const std::function<bool()>& pass);
  // Repeats `pass` while it finds more, until `deadline` (and, in the background loops, until
  // Stop() is called).
  void Drain(const std::function<bool()>& pass, std::chrono::steady_clock::time_point deadline,
             bool background);
  // One pass of the mail consumer; whether it found messages. `deadline` bounds an SMTP pass,
  // which also stops as soon as Stop() is called when `background`.
  bool DeliverMail(std::chrono::steady_clock::time_point deadline, bool background);

  // Asks the queue for its status and keeps it for CurrentStatus() and the gauges.
  void RefreshStatus();

  std::chrono::milliseconds interval_;
  std::chrono::milliseconds flush_budget_;            // for the last passes at Stop()
  std::unique_ptr<AwsContext> aws_;                   // when queue.url is set
  std::unique_ptr<SqsQueueStack> sqs_;                // on aws_
  std::unique_ptr<application::MessageQueue> local_;  // otherwise
  application::MessageQueue* queue_ = nullptr;        // the one of the two in use
  std::mutex status_mutex_;
  std::optional<application::QueueStatus> status_;
  std::unique_ptr<application::OutboxDispatcher> dispatcher_;
  std::unique_ptr<infrastructure::messaging::MailPickup> pickup_;            // without smtp.url
  std::unique_ptr<infrastructure::smtp::AsioSmtpConnector> smtp_connector_;  // with smtp.url
  std::unique_ptr<infrastructure::smtp::SmtpMailer> mailer_;
  std::vector<telemetry::CallbackHandle> gauges_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> stop_requested_{false};  // stopping_, readable without the mutex
  std::vector<std::thread> threads_;
};

}  // namespace rampart
