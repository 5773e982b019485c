#pragma once
// The background side of messaging in `rampart serve` (docs/messaging.md): the two queues
// (main/queues.hpp), one outbox relay per stream — mails to the mail queue, domain events to the
// events queue — and the mail consumer (over SMTP when smtp.url is set, else the pickup
// directory) with its inbox, each on a thread of its own (never on the I/O threads), plus their
// gauges and the queues' status (refreshed every 15 s on a thread of its own, so neither a
// scrape nor GET /health waits on SQS; that thread also deletes, once an hour, sent outbox rows
// older than 7 days and inbox entries and delivery failures older than 14 days). Stop() — after
// the HTTP drain — drains both outbox streams and then (embedded mail queue only) the queue's
// mails (within server.shutdown_timeout), so mails and events committed before SIGTERM leave
// before the process exits; on SQS the mails wait there for the next consumer. An SMTP exchange
// in progress is cut short.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "application/messaging/message_ledger.hpp"
#include "application/messaging/outbox_dispatcher.hpp"
#include "application/ports/secure_random.hpp"
#include "main/config/settings.hpp"
#include "main/queues.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {

namespace infrastructure::messaging {
class MailPickup;
}  // namespace infrastructure::messaging
namespace infrastructure::resilience {
class Backoff;
}
namespace infrastructure::smtp {
class AsioSmtpConnector;
class SmtpMailer;
}  // namespace infrastructure::smtp

class MessagingRuntime {
 public:
  // MessagingRuntime opens the queues (embedded, or SQS per queue.url / events.queue_url: throws
  // when a region or the credentials are missing); the threads start with Start().
  MessagingRuntime(const config::Settings& settings, application::UnitOfWorkFactory& database,
                   application::Clock& clock, application::SecureRandom& random);
  ~MessagingRuntime();

  void Start();
  // Stop: idempotent. Joins the threads after their last pass.
  void Stop();
  // Ping: a round trip to each queue (for /health/ready); throws when one does not answer.
  void Ping();

  struct Outbox {
    long long depth = 0;  // unpublished live messages at the relay's last pass
    std::chrono::seconds oldest_age{0};
    long long dead = 0;  // given up on (the queue refused them for good)
  };
  struct Queue {
    std::optional<long long> depth;   // waiting or in flight; nullopt: no answer
    application::QueueStatus status;  // the last status the queue gave
    std::string circuit_breaker;      // SQS: its outbound breaker; empty: embedded
  };
  struct Status {
    Outbox mail_outbox;
    Queue mail_queue;
    Outbox events_outbox;
    Queue events_queue;
  };
  // CurrentStatus: for GET /health (detailed). Never throws: a queue that does not answer leaves
  // its counts empty (and is logged).
  Status CurrentStatus();

 private:
  struct Relay;
  // Loop runs `pass` after every interval (and once more after Stop()); a pass returns whether
  // there is more to do at once (a full batch), so a burst drains at full speed.
  void Loop(const std::function<bool()>& pass);
  // Drain repeats `pass` while it finds more, until `deadline` (and, in the background loops, until
  // Stop() is called).
  void Drain(const std::function<bool()>& pass, std::chrono::steady_clock::time_point deadline,
             bool background);
  // DeliverMail: one pass of the mail consumer; whether it found messages. `deadline` bounds an
  // SMTP pass, which also stops as soon as Stop() is called when `background`.
  bool DeliverMail(std::chrono::steady_clock::time_point deadline, bool background);
  void MakeMailConsumer(const config::Settings& settings);
  void RegisterGauges();
  // RefreshStatus asks both queues for their status and keeps it for CurrentStatus() and the
  // gauges.
  void RefreshStatus();
  void Housekeeping();

  std::chrono::milliseconds interval_;
  std::chrono::milliseconds flush_budget_;  // for the last passes at Stop()
  application::UnitOfWorkFactory& database_;
  application::Clock& clock_;
  Queues queues_;
  std::mutex status_mutex_;
  std::optional<application::QueueStatus> mail_status_;
  std::optional<application::QueueStatus> events_status_;
  std::unique_ptr<Relay> mail_relay_;
  std::unique_ptr<Relay> events_relay_;
  std::unique_ptr<application::DatabaseMessageLedger> ledger_;
  std::unique_ptr<infrastructure::messaging::MailPickup> pickup_;            // without smtp.url
  std::unique_ptr<infrastructure::smtp::AsioSmtpConnector> smtp_connector_;  // with smtp.url
  std::unique_ptr<infrastructure::smtp::SmtpMailer> mailer_;
  std::vector<telemetry::CallbackHandle> gauges_;
  std::chrono::steady_clock::time_point housekept_at_{};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> stop_requested_{false};  // stopping_, readable without the mutex
  std::vector<std::thread> threads_;
};

}  // namespace rampart
