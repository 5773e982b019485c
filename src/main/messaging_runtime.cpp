#include "main/messaging_runtime.hpp"

#include "common/log.hpp"
#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/messaging/local/mail_pickup.hpp"

namespace rampart {

MessagingRuntime::MessagingRuntime(const config::Settings& settings,
                                   application::UnitOfWorkFactory& database,
                                   application::Clock& clock, application::SecureRandom& random)
    : interval_(settings.outbox_dispatch_interval) {
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
}

MessagingRuntime::~MessagingRuntime() { Stop(); }

void MessagingRuntime::Loop(const std::function<void()>& pass) {
  // Wait, then pass: the pass after the stop signal is the last one (the flush).
  for (bool last = false; !last;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
      last = stopping_;
    }
    try {
      pass();
    } catch (const std::exception& error) {
      log::Warn("messaging", "background pass failed", {{"error", error.what()}});
    }
  }
}

void MessagingRuntime::Start() {
  threads_.emplace_back([this] { Loop([this] { dispatcher_->DispatchOnce(); }); });
  threads_.emplace_back([this] { Loop([this] { pickup_->PollOnce(); }); });
}

void MessagingRuntime::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // The dispatcher's last pass may have published after the consumer's last one.
  try {
    pickup_->PollOnce();
  } catch (const std::exception& error) {
    log::Warn("messaging", "last mail pickup pass failed", {{"error", error.what()}});
  }
}

}  // namespace rampart
