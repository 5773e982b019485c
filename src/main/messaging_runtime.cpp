#include "main/messaging_runtime.hpp"

#include "common/log.hpp"
#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/messaging/local/mail_pickup.hpp"

namespace rampart {

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
  pickup_ = std::make_unique<MailPickup>(
      *queue_, MailPickupOptions{.directory = settings.data_dir / "mail",
                                 .from = settings.mail_from,
                                 .visibility_timeout = settings.queue_visibility_timeout});
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
  // The embedded queue, read at each collection (two indexed counts on its SQLite file); a
  // failed read reports nothing rather than a wrong zero.
  const auto queue_gauge = [&](const char* name, const char* description, auto read) {
    gauges_.push_back(metrics.AddCallback({name, description, "{message}", MetricType::kGauge, {}},
                                          [this, read](telemetry::Observer& out) {
                                            try {
                                              out.Observe(double(read(*queue_)));
                                            } catch (const std::exception&) {
                                            }
                                          }));
  };
  queue_gauge("rampart.queue.depth", "Messages waiting on the embedded queue (mail to deliver).",
              [](LocalQueue& queue) { return queue.Depth(); });
  queue_gauge("rampart.queue.dead_letters",
              "Messages moved to the embedded queue's dead-letter table after queue.max_receives "
              "failed deliveries.",
              [](LocalQueue& queue) { return queue.DeadLetterCount(); });
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
  threads_.emplace_back([this] { Loop([this] { return pickup_->PollOnce().Received() > 0; }); });
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
  Drain([this] { return pickup_->PollOnce().Received() > 0; }, deadline, /*background=*/false);
}

}  // namespace rampart
