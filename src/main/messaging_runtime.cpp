#include "main/messaging_runtime.hpp"

#include <unistd.h>

#include <array>

#include "common/log.hpp"
#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/messaging/local/mail_pickup.hpp"
#include "main/outbound.hpp"
#include "infrastructure/messaging/smtp/asio_smtp_transport.hpp"
#include "infrastructure/messaging/smtp/smtp_mailer.hpp"
#include "infrastructure/messaging/smtp/smtp_url.hpp"

namespace rampart {

namespace {

// smtp.helo_name, else this host's name (the session falls back to the address literal when
// that is no domain name).
std::string HeloName(const config::Settings& settings) {
  if (!settings.smtp_helo_name.empty()) return settings.smtp_helo_name;
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return {};
  return name.data();
}

}  // namespace

MessagingRuntime::MessagingRuntime(const config::Settings& settings,
                                   application::UnitOfWorkFactory& database,
                                   application::Clock& clock, application::SecureRandom& random)
    : interval_(settings.outbox_dispatch_interval), flush_budget_(settings.shutdown_timeout) {
  using namespace infrastructure::messaging;
  if (settings.queue_url.empty()) {
    local_ = std::make_unique<LocalQueue>(
        settings.data_dir / "queue.sqlite3", random,
        LocalQueueOptions{.max_receives = settings.queue_max_receives});
    queue_ = local_.get();
  } else {
    aws_ = std::make_unique<AwsContext>(settings);
    sqs_ = MakeSqsQueue(*aws_, settings.queue_url);
    queue_ = &sqs_->Queue();
  }
  dispatcher_ = std::make_unique<application::OutboxDispatcher>(database, *queue_, clock,
                                                                settings.outbox_batch);
  if (settings.smtp_url.empty()) {
    pickup_ = std::make_unique<MailPickup>(
        *queue_, MailPickupOptions{.directory = settings.data_dir / "mail",
                                   .from = settings.mail_from,
                                   .visibility_timeout = settings.queue_visibility_timeout});
  } else {
    using namespace infrastructure::smtp;
    auto endpoint = ParseSmtpUrl(settings.smtp_url);  // validated by the settings already
    if (!endpoint) throw std::runtime_error("smtp.url " + endpoint.error());
    smtp_connector_ = std::make_unique<AsioSmtpConnector>(
        SmtpConnectorOptions{.host = endpoint->host,
                             .port = endpoint->port,
                             .implicit_tls = endpoint->implicit_tls,
                             .ca_file = settings.smtp_ca_file});
    const bool required = settings.smtp_starttls == "required";
    mailer_ = std::make_unique<SmtpMailer>(
        *queue_,
        [connector = smtp_connector_.get()](const std::atomic<bool>* stop) {
          return connector->NewTransport(stop);
        },
        SmtpSessionOptions{.implicit_tls = endpoint->implicit_tls,
                           .starttls = required ? StartTls::kRequired : StartTls::kWhenOffered,
                           .username = endpoint->username,
                           .password = endpoint->password,
                           .allow_plaintext_auth = settings.smtp_allow_plaintext_auth,
                           .helo_name = HeloName(settings),
                           .timeouts = {.connect = settings.smtp_connect_timeout,
                                        .greeting = settings.smtp_greeting_timeout,
                                        .command = settings.smtp_command_timeout,
                                        .data = settings.smtp_data_timeout}},
        SmtpMailerOptions{.from = settings.mail_from,
                          .visibility_timeout = settings.queue_visibility_timeout});
    log::Info("mail", "mails go out over SMTP",
              {{"relay", endpoint->host + ":" + std::to_string(endpoint->port)},
               {"tls", endpoint->implicit_tls ? "implicit"
                       : required             ? "starttls required"
                                              : "starttls when offered"},
               {"auth", !endpoint->username.empty()}});
  }
  auto& metrics = telemetry::Metrics();
  using telemetry::MetricType;
  gauges_.push_back(metrics.AddCallback(
      {"rampart.outbox.depth",
       "Outbox messages not yet published to the queue (last pass).",
       "{message}",
       MetricType::kGauge,
       {}},
      [this](telemetry::Observer& out) { out.Observe(double(dispatcher_->PendingCount())); }));
  gauges_.push_back(metrics.AddCallback({"rampart.outbox.oldest_pending_age",
                                         "Age of the oldest unpublished outbox message.",
                                         "s",
                                         MetricType::kGauge,
                                         {}},
                                        [this](telemetry::Observer& out) {
                                          out.Observe(
                                              double(dispatcher_->OldestPendingAge().count()));
                                        }));
  // The queue's own counts, as of the last status refresh (no call to the queue here).
  gauges_.push_back(metrics.AddCallback(
      {"rampart.queue.messages",
       "Messages of the queue by state (SQS: approximate), as of the last status refresh.",
       "{message}",
       MetricType::kGauge,
       {"state"}},
      [this](telemetry::Observer& out) {
        std::lock_guard lock(status_mutex_);
        if (!status_) return;
        if (status_->visible) out.Observe(double(*status_->visible), {"visible"});
        if (status_->in_flight) out.Observe(double(*status_->in_flight), {"in_flight"});
        if (status_->dead_letters) out.Observe(double(*status_->dead_letters), {"dead_letter"});
      }));
  gauges_.push_back(metrics.AddCallback({"rampart.queue.oldest_received_age",
                                         "Age of the oldest message of the last receive (SQS).",
                                         "s",
                                         MetricType::kGauge,
                                         {}},
                                        [this](telemetry::Observer& out) {
                                          std::lock_guard lock(status_mutex_);
                                          if (status_ && status_->oldest_received_age) {
                                            out.Observe(
                                                double(status_->oldest_received_age->count()));
                                          }
                                        }));
  gauges_.push_back(metrics.AddCallback(
      {"rampart.queue.max_receives",
       "Receives after which a message goes to the dead-letter queue (the redrive policy).",
       "{receive}",
       MetricType::kGauge,
       {}},
      [this](telemetry::Observer& out) {
        std::lock_guard lock(status_mutex_);
        if (status_ && status_->max_receives) out.Observe(double(*status_->max_receives));
      }));
}

void MessagingRuntime::RefreshStatus() {
  try {
    auto status = queue_->Status();
    std::lock_guard lock(status_mutex_);
    status_ = std::move(status);
  } catch (const std::exception& error) {
    log::Warn("messaging", "queue status unavailable", {{"error", error.what()}});
  }
}

MessagingRuntime::~MessagingRuntime() { Stop(); }

void MessagingRuntime::Drain(const std::function<bool()>& pass,
                             std::chrono::steady_clock::time_point deadline, bool background) {
  try {
    while (pass() && std::chrono::steady_clock::now() < deadline &&
           !(background && stop_requested_.load())) {
    }
  } catch (const std::exception& error) {
    log::Warn("messaging", "background pass failed", {{"error", error.what()}});
  }
}

void MessagingRuntime::Loop(const std::function<bool()>& pass) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
      if (stopping_) return;  // Stop() drains on its own thread, in order
    }
    // A burst drains at once, but a pass that keeps finding work yields to Stop().
    Drain(pass, std::chrono::steady_clock::now() + interval_ * 10, /*background=*/true);
  }
}

bool MessagingRuntime::DeliverMail(std::chrono::steady_clock::time_point deadline,
                                   bool background) {
  if (!mailer_) return pickup_->PollOnce().Received() > 0;
  return mailer_->PollOnce({.deadline = deadline, .stop = background ? &stop_requested_ : nullptr})
             .Received() > 0;
}

void MessagingRuntime::Ping() { queue_->Status(); }

MessagingRuntime::Status MessagingRuntime::CurrentStatus() {
  Status status{.outbox_depth = dispatcher_->PendingCount(),
                .outbox_oldest_age = dispatcher_->OldestPendingAge()};
  // The embedded queue answers at once; SQS's status is the background refresh's.
  if (local_) RefreshStatus();
  std::lock_guard lock(status_mutex_);
  if (status_) {
    status.queue = *status_;
    if (status_->visible && status_->in_flight) {
      status.queue_depth = *status_->visible + *status_->in_flight;
    }
    status.dead_letters = status_->dead_letters;
  } else {
    status.queue.kind = sqs_ ? "sqs" : "local";
  }
  if (sqs_) status.circuit_breaker = sqs_->BreakerState();
  return status;
}

void MessagingRuntime::Start() {
  RefreshStatus();
  threads_.emplace_back([this] {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::seconds(15), [this] { return stopping_; });
        if (stopping_) return;
      }
      RefreshStatus();
    }
  });
  threads_.emplace_back([this] { Loop([this] { return dispatcher_->DispatchOnce().more; }); });
  threads_.emplace_back([this] {
    Loop([this] { return DeliverMail(std::chrono::steady_clock::time_point::max(), true); });
  });
}

void MessagingRuntime::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    stop_requested_.store(true);
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // The flush, in order: every due outbox row onto the queue, then every mail off it.
  const auto deadline = std::chrono::steady_clock::now() + flush_budget_;
  Drain([this] { return dispatcher_->DispatchOnce().more; }, deadline, /*background=*/false);
  // SQS keeps what is left for the next consumer (another instance, or this one restarted);
  // draining it here would also wait out a long poll on an empty queue.
  if (local_) {
    Drain([this, deadline] { return DeliverMail(deadline, /*background=*/false); }, deadline,
          /*background=*/false);
  }
}

}  // namespace rampart
