#include "main/messaging_runtime.hpp"

#include <unistd.h>

#include <array>

#include "common/log.hpp"
#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/messaging/local/mail_pickup.hpp"
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
  queue_ =
      std::make_unique<LocalQueue>(settings.data_dir / "queue.sqlite3", random,
                                   LocalQueueOptions{.max_receives = settings.queue_max_receives});
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

void MessagingRuntime::Ping() { queue_->Depth(); }

MessagingRuntime::Status MessagingRuntime::CurrentStatus() {
  Status status{.outbox_depth = dispatcher_->PendingCount(),
                .outbox_oldest_age = dispatcher_->OldestPendingAge()};
  try {
    status.queue_depth = queue_->Depth();
    status.dead_letters = queue_->DeadLetterCount();
  } catch (const std::exception& error) {
    log::Warn("messaging", "queue status unavailable", {{"error", error.what()}});
  }
  return status;
}

void MessagingRuntime::Start() {
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
  Drain([this, deadline] { return DeliverMail(deadline, /*background=*/false); }, deadline,
        /*background=*/false);
}

}  // namespace rampart
