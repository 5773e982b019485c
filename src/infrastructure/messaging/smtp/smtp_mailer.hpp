#pragma once
// The production mail consumer: reads mail messages from the queue and sends each over SMTP,
// one session per receive (connect, STARTTLS, AUTH, the batch, QUIT). A message is deleted only
// after the server accepted it (250 to the final dot); anything else leaves it on the queue,
// which delivers it again after the visibility timeout and moves it to the dead-letter queue
// after the maximum receives. While the server cannot be reached (or refuses our session:
// AUTH, required TLS), the consumer backs off and receives nothing, so an outage does not use
// up the messages' receives; the first attempt after it connects before receiving.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "application/messaging/message_ledger.hpp"
#include "application/ports/message_queue.hpp"
#include "infrastructure/messaging/smtp/smtp_session.hpp"

namespace rampart::infrastructure::smtp {

struct SmtpMailerOptions {
  std::string from;  // mail.from: the From header and (its address) MAIL FROM
  std::chrono::milliseconds visibility_timeout = std::chrono::seconds(30);
  int batch = 10;
  std::chrono::milliseconds backoff_initial = std::chrono::seconds(1);
  std::chrono::milliseconds backoff_max = std::chrono::minutes(1);
  // The inbox and the failure record (consumer `mail.smtp`); null: none. A mail the inbox knows
  // is deleted from the queue without being sent again.
  application::MessageLedger* ledger = nullptr;
};

// PassLimits: how long a pass may go on, beyond each step's own timeout.
struct PassLimits {
  Deadline deadline = Deadline::max();
  const std::atomic<bool>* stop = nullptr;  // set: stop within ~50 ms, leaving what is unsent
};

class SmtpMailer {
 public:
  using TransportFactory =
      std::function<std::unique_ptr<SmtpTransport>(const std::atomic<bool>* stop)>;

  // SmtpMailer throws std::invalid_argument when `options.from` is not a mailbox.
  SmtpMailer(application::MessageQueue& queue, TransportFactory transports,
             SmtpSessionOptions session, SmtpMailerOptions options);
  ~SmtpMailer();

  struct Outcome {
    int delivered = 0;
    int refused = 0;        // the server refused the mail (4xx/5xx): left on the queue
    int unreadable = 0;     // not a mail message: left on the queue (dead letter in the end)
    int not_attempted = 0;  // the session broke or time ran out first: left on the queue
    int duplicates = 0;     // sent before, by the inbox: deleted without sending
    bool session_failed = false;
    int Received() const { return delivered + refused + unreadable + not_attempted + duplicates; }
  };
  // PollOnce: one receive (at most `batch` messages) and their delivery; nothing at all while
  // backing off after a session failure.
  Outcome PollOnce(const PassLimits& limits = {});

 private:
  struct Backoff;
  bool OpenSession(SmtpSession& session, Deadline limit, Outcome& outcome);
  // SessionFailed backs off (no receive until the delay passed) and logs the failure's start or
  // change.
  void SessionFailed(const SmtpFailure& failure, Outcome& outcome);

  application::MessageQueue& queue_;
  TransportFactory transports_;
  SmtpSessionOptions session_options_;
  SmtpMailerOptions options_;
  std::string sender_;  // the address of `from`
  std::unique_ptr<Backoff> backoff_;
};

}  // namespace rampart::infrastructure::smtp
