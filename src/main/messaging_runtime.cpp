#include "main/messaging_runtime.hpp"

#include <unistd.h>

#include <array>

#include "common/log.hpp"
#include "infrastructure/messaging/local/mail_pickup.hpp"
#include "infrastructure/messaging/smtp/asio_smtp_transport.hpp"
#include "infrastructure/messaging/smtp/smtp_mailer.hpp"
#include "infrastructure/messaging/smtp/smtp_url.hpp"
#include "infrastructure/resilience/backoff.hpp"

namespace rampart {

namespace {

// What the hourly housekeeping keeps: sent outbox rows (their payload is empty already) for
// inspection, and inbox entries and delivery failures past any redelivery (no queue keeps a
// message longer than 14 days).
constexpr auto kHousekeepingEvery = std::chrono::hours(1);
constexpr auto kKeepSent = std::chrono::hours(24 * 7);
constexpr auto kKeepInbox = std::chrono::hours(24 * 14);
constexpr int kHousekeepingBatch = 1000;

// smtp.helo_name, else this host's name (the session falls back to the address literal when
// that is no domain name).
std::string HeloName(const config::Settings& settings) {
  if (!settings.smtp_helo_name.empty()) return settings.smtp_helo_name;
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return {};
  return name.data();
}

// Deletes in batches until a batch comes back short.
void DeleteInBatches(const std::function<int()>& batch) {
  while (batch() >= kHousekeepingBatch) {
  }
}

}  // namespace

// One outbox stream's relay and the jittered backoff it retries with (the shared one of
// infrastructure/resilience: 1 s doubling to 5 min, in [half, full] of the ceiling).
struct MessagingRuntime::Relay {
  Relay(application::UnitOfWorkFactory& database, application::MessageQueue& queue,
        application::Clock& clock, const config::Settings& settings, std::string_view stream)
      : backoff({.initial = std::chrono::seconds(1),
                 .max = std::chrono::minutes(5),
                 .multiplier = 2.0,
                 .jitter = infrastructure::resilience::Jitter::kEqual}),
        dispatcher(database, queue, clock,
                   {.stream = std::string(stream),
                    .batch = settings.outbox_batch,
                    .max_attempts = settings.outbox_max_attempts,
                    .backoff = [this](int attempts) { return backoff.For(attempts); }}) {}
  infrastructure::resilience::Backoff backoff;
  application::OutboxDispatcher dispatcher;
};

MessagingRuntime::MessagingRuntime(const config::Settings& settings,
                                   application::UnitOfWorkFactory& database,
                                   application::Clock& clock, application::SecureRandom& random)
    : interval_(settings.outbox_dispatch_interval),
      flush_budget_(settings.shutdown_timeout),
      database_(database),
      clock_(clock),
      queues_(settings, random) {
  mail_relay_ = std::make_unique<Relay>(database, queues_.Mail().Queue(), clock, settings,
                                        application::kMailStream);
  events_relay_ = std::make_unique<Relay>(database, queues_.Events().Queue(), clock, settings,
                                          application::kEventsStream);
  if (queues_.Events().IsEmbedded()) {
    log::Info("messaging",
              // rampart:begin(sqs)
              "domain events go to the embedded events queue; set events.queue_url "
              "(RAMPART_EVENTS_QUEUE_URL) to publish them to SQS",
              // rampart:else
              // "domain events go to the embedded events queue",
              // rampart:end
              {{"file", (settings.data_dir / "events.sqlite3").string()}});
  }
  MakeMailConsumer(settings);
  RegisterGauges();
}

void MessagingRuntime::MakeMailConsumer(const config::Settings& settings) {
  using namespace infrastructure::messaging;
  auto& queue = queues_.Mail().Queue();
  if (settings.smtp_url.empty()) {
    ledger_ = std::make_unique<application::DatabaseMessageLedger>(
        database_, clock_, std::string(kMailQueue), "mail.pickup");
    pickup_ = std::make_unique<MailPickup>(
        queue, MailPickupOptions{.directory = settings.data_dir / "mail",
                                 .from = settings.mail_from,
                                 .visibility_timeout = settings.queue_visibility_timeout,
                                 .ledger = ledger_.get()});
    return;
  }
  using namespace infrastructure::smtp;
  ledger_ = std::make_unique<application::DatabaseMessageLedger>(
      database_, clock_, std::string(kMailQueue), "mail.smtp");
  auto endpoint = ParseSmtpUrl(settings.smtp_url);  // validated by the settings already
  if (!endpoint) throw std::runtime_error("smtp.url " + endpoint.error());
  smtp_connector_ = std::make_unique<AsioSmtpConnector>(
      SmtpConnectorOptions{.host = endpoint->host,
                           .port = endpoint->port,
                           .implicit_tls = endpoint->implicit_tls,
                           .ca_file = settings.smtp_ca_file});
  const bool required = settings.smtp_starttls == "required";
  mailer_ = std::make_unique<SmtpMailer>(
      queue,
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
                        .visibility_timeout = settings.queue_visibility_timeout,
                        .ledger = ledger_.get()});
  log::Info("mail", "mails go out over SMTP",
            {{"relay", endpoint->host + ":" + std::to_string(endpoint->port)},
             {"tls", endpoint->implicit_tls ? "implicit"
                     : required             ? "starttls required"
                                            : "starttls when offered"},
             {"auth", !endpoint->username.empty()}});
}

void MessagingRuntime::RegisterGauges() {
  auto& metrics = telemetry::Metrics();
  using telemetry::MetricType;
  const auto per_stream = [&](const char* name, const char* description, const char* unit,
                              auto read) {
    gauges_.push_back(metrics.AddCallback(
        {name, description, unit, MetricType::kGauge, {"stream"}},
        [this, read](telemetry::Observer& out) {
          for (const auto* relay : {mail_relay_.get(), events_relay_.get()}) {
            out.Observe(double(read(relay->dispatcher)), {relay->dispatcher.Stream()});
          }
        }));
  };
  using Dispatcher = application::OutboxDispatcher;
  per_stream("rampart.outbox.depth", "Outbox messages not yet published to their queue.",
             "{message}", [](const Dispatcher& d) { return d.PendingCount(); });
  per_stream("rampart.outbox.oldest_pending_age", "Age of the oldest unpublished outbox message.",
             "s", [](const Dispatcher& d) { return d.OldestPendingAge().count(); });
  per_stream("rampart.outbox.dead",
             "Outbox messages given up on (the queue refused them for good): they wait for an "
             "operator (`rampart queue redrive --outbox`).",
             "{message}", [](const Dispatcher& d) { return d.DeadCount(); });
  // The queues' own counts, as of the last status refresh (no call to a queue here).
  const auto per_queue = [&](const char* name, const char* description, const char* unit,
                             std::vector<std::string> labels, auto observe) {
    gauges_.push_back(
        metrics.AddCallback({name, description, unit, MetricType::kGauge, std::move(labels)},
                            [this, observe](telemetry::Observer& out) {
                              std::lock_guard lock(status_mutex_);
                              if (mail_status_) observe(out, *mail_status_, kMailQueue);
                              if (events_status_) observe(out, *events_status_, kEventsQueue);
                            }));
  };
  using application::QueueStatus;
  using telemetry::Observer;
  per_queue("rampart.queue.messages",
            "Messages of the queue by state (approximate for a remote queue), as of the last status "
            "refresh.",
            "{message}", {"queue", "state"},
            [](Observer& out, const QueueStatus& status, std::string_view queue) {
              if (status.visible) out.Observe(double(*status.visible), {queue, "visible"});
              if (status.in_flight) out.Observe(double(*status.in_flight), {queue, "in_flight"});
              if (status.dead_letters) {
                out.Observe(double(*status.dead_letters), {queue, "dead_letter"});
              }
            });
  per_queue("rampart.queue.oldest_received_age",
            "Age of the oldest message of the last receive (a remote queue's).", "s", {"queue"},
            [](Observer& out, const QueueStatus& status, std::string_view queue) {
              if (status.oldest_received_age) {
                out.Observe(double(status.oldest_received_age->count()), {queue});
              }
            });
  per_queue("rampart.queue.max_receives",
            "Receives after which a message goes to the dead-letter queue (the redrive policy).",
            "{receive}", {"queue"},
            [](Observer& out, const QueueStatus& status, std::string_view queue) {
              if (status.max_receives) out.Observe(double(*status.max_receives), {queue});
            });
}

void MessagingRuntime::RefreshStatus() {
  for (auto* handle : {&queues_.Mail(), &queues_.Events()}) {
    try {
      auto status = handle->Queue().Status();
      std::lock_guard lock(status_mutex_);
      (handle == &queues_.Mail() ? mail_status_ : events_status_) = std::move(status);
    } catch (const std::exception& error) {
      log::Warn("messaging", "queue status unavailable",
                {{"queue", handle->Name()}, {"error", error.what()}});
    }
  }
}

void MessagingRuntime::Housekeeping() {
  const auto now = std::chrono::steady_clock::now();
  if (now - housekept_at_ < kHousekeepingEvery) return;
  housekept_at_ = now;
  try {
    const auto at = clock_.Now();
    const auto pass = [&](auto&& work) {
      DeleteInBatches([&] {
        auto uow = database_.Begin(application::TransactionMode::kWrite);
        const int deleted = work(*uow);
        uow->Commit();
        return deleted;
      });
    };
    pass([&](application::UnitOfWork& uow) {
      return uow.Outbox().DeleteSentBefore(at - kKeepSent, kHousekeepingBatch);
    });
    pass([&](application::UnitOfWork& uow) {
      return uow.Inbox().DeleteOlderThan(at - kKeepInbox, kHousekeepingBatch);
    });
    pass([&](application::UnitOfWork& uow) {
      return uow.DeliveryFailures().DeleteOlderThan(at - kKeepInbox, kHousekeepingBatch);
    });
  } catch (const std::exception& error) {
    log::Warn("messaging", "messaging housekeeping failed; retried in an hour",
              {{"error", error.what()}});
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

void MessagingRuntime::Ping() {
  queues_.Mail().Queue().Status();
  queues_.Events().Queue().Status();
}

MessagingRuntime::Status MessagingRuntime::CurrentStatus() {
  const auto outbox = [](const application::OutboxDispatcher& dispatcher) {
    return Outbox{.depth = dispatcher.PendingCount(),
                  .oldest_age = dispatcher.OldestPendingAge(),
                  .dead = dispatcher.DeadCount()};
  };
  Status status{.mail_outbox = outbox(mail_relay_->dispatcher),
                .events_outbox = outbox(events_relay_->dispatcher)};
  // An embedded queue answers at once; a remote queue's status is the background refresh's.
  if (queues_.Mail().IsEmbedded() || queues_.Events().IsEmbedded()) RefreshStatus();
  std::lock_guard lock(status_mutex_);
  const auto queue = [](QueueHandle& handle, const std::optional<application::QueueStatus>& last) {
    Queue out{.circuit_breaker = handle.BreakerState()};
    if (!last) {
      // rampart:begin(sqs)
      out.status.kind = handle.IsEmbedded() ? "local" : "sqs";
      // rampart:else
      // out.status.kind = "local";
      // rampart:end
      return out;
    }
    out.status = *last;
    if (last->visible && last->in_flight) out.depth = *last->visible + *last->in_flight;
    return out;
  };
  status.mail_queue = queue(queues_.Mail(), mail_status_);
  status.events_queue = queue(queues_.Events(), events_status_);
  return status;
}

void MessagingRuntime::Start() {
  RefreshStatus();
  threads_.emplace_back([this] {
    for (;;) {
      Housekeeping();
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::seconds(15), [this] { return stopping_; });
        if (stopping_) return;
      }
      RefreshStatus();
    }
  });
  for (auto* relay : {mail_relay_.get(), events_relay_.get()}) {
    threads_.emplace_back(
        [this, relay] { Loop([relay] { return relay->dispatcher.DispatchOnce().more; }); });
  }
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
  // The flush, in order: every due outbox row onto its queue, then every mail off the queue.
  const auto deadline = std::chrono::steady_clock::now() + flush_budget_;
  for (auto* relay : {mail_relay_.get(), events_relay_.get()}) {
    Drain([relay] { return relay->dispatcher.DispatchOnce().more; }, deadline,
          /*background=*/false);
  }
  // A remote queue keeps what is left for the next consumer (another instance, or this one
  // restarted); draining it here would also wait out a long poll on an empty queue.
  if (queues_.Mail().IsEmbedded()) {
    Drain([this, deadline] { return DeliverMail(deadline, /*background=*/false); }, deadline,
          /*background=*/false);
  }
}

}  // namespace rampart
