#include "application/messaging/outbox_dispatcher.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <unordered_set>

#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::application {

namespace {

telemetry::CounterFamily& Published() {
  static auto& family = telemetry::Metrics().Counter(
      "rampart.outbox.published", "Outbox messages published to the queue.", "{message}");
  return family;
}

telemetry::CounterFamily& Failed() {
  static auto& family =
      telemetry::Metrics().Counter("rampart.outbox.publish_failures",
                                   "Failed attempts to publish an outbox message.", "{attempt}");
  return family;
}

}  // namespace

OutboxDispatcher::OutboxDispatcher(UnitOfWorkFactory& database, MessageQueue& queue, Clock& clock,
                                   int batch)
    : database_(database), queue_(queue), clock_(clock), batch_(batch) {
  // Declared now, so that the counters are exported (at 0) before the first publish.
  Published().With({});
  Failed().With({});
}

std::chrono::seconds OutboxDispatcher::Backoff(int attempts) {
  const int exponent = std::clamp(attempts, 0, 9);
  return std::min(std::chrono::seconds(1LL << exponent), std::chrono::seconds(300));
}

OutboxDispatcher::Pass OutboxDispatcher::DispatchOnce() {
  const auto pending = [&] {
    auto snapshot = database_.Begin(TransactionMode::kRead);
    return snapshot->Outbox().Pending(batch_);
  }();
  Pass pass;
  std::unordered_set<std::string> blocked;  // aggregates behind a message not published now
  for (const auto& message : pending) {
    const auto now = clock_.Now();
    if (blocked.contains(message.aggregate_id) || message.next_attempt_at > now) {
      blocked.insert(message.aggregate_id);
      ++pass.waiting;
      continue;
    }
    std::optional<std::string> error;
    {
      telemetry::RootSpan span("queue publish", telemetry::SpanKind::kProducer, std::nullopt, "");
      span.SetAttribute("messaging.operation.type", "send");
      span.SetAttribute("messaging.message.id", message.id);
      span.SetAttribute("messaging.destination.name", message.type);
      try {
        queue_.Publish({.group_id = message.aggregate_id,
                        .deduplication_id = message.id,
                        .body = message.payload});
      } catch (const std::exception& failure) {
        error = failure.what();
        span.SetError("publish failed");
      }
    }
    auto uow = database_.Begin(TransactionMode::kWrite);
    if (error) {
      uow->Outbox().MarkFailed(message.id, clock_.Now() + Backoff(message.attempts), *error);
      blocked.insert(message.aggregate_id);
      ++pass.failed;
      Failed().With({}).Add();
    } else {
      uow->Outbox().MarkSent(message.id, clock_.Now());
      ++pass.published;
      Published().With({}).Add();
    }
    uow->Commit();
  }
  pass.more = static_cast<int>(pending.size()) == batch_ && pass.published > 0;
  const auto stats = [&] {
    auto snapshot = database_.Begin(TransactionMode::kRead);
    return snapshot->Outbox().PendingStats();
  }();
  pending_.store(stats.pending, std::memory_order_relaxed);
  oldest_age_seconds_.store(
      stats.oldest_created_at
          ? std::max<long long>(0, (clock_.Now() - *stats.oldest_created_at).count())
          : 0,
      std::memory_order_relaxed);
  return pass;
}

}  // namespace rampart::application
