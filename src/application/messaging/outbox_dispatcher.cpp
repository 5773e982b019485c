#include "application/messaging/outbox_dispatcher.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "telemetry/metrics.hpp"
#include "telemetry/span.hpp"

namespace rampart::application {

namespace {

// A batch call's most entries (as a remote queue's batch API takes).
constexpr int kPublishBatch = 10;

telemetry::CounterFamily& Published() {
  static auto& family = telemetry::Metrics().Counter("rampart.outbox.published",
                                                     "Outbox messages published to their queue.",
                                                     "{message}", {"stream"});
  return family;
}

telemetry::CounterFamily& Failed() {
  static auto& family = telemetry::Metrics().Counter(
      "rampart.outbox.publish_failures", "Failed attempts to publish an outbox message.",
      "{attempt}", {"stream"});
  return family;
}

telemetry::CounterFamily& Died() {
  static auto& family = telemetry::Metrics().Counter(
      "rampart.outbox.dead_lettered",
      "Outbox messages given up on: the queue refused them for good.", "{message}", {"stream"});
  return family;
}

}  // namespace

OutboxDispatcher::OutboxDispatcher(UnitOfWorkFactory& database, MessageQueue& queue, Clock& clock,
                                   OutboxDispatcherOptions options)
    : database_(database), queue_(queue), clock_(clock), options_(std::move(options)) {
  if (!options_.backoff) options_.backoff = &DoublingBackoff;
  options_.batch = std::max(options_.batch, 1);
  // Declared now, so that the counters are exported (at 0) before the first publish.
  Published().With({options_.stream});
  Failed().With({options_.stream});
  Died().With({options_.stream});
}

std::chrono::milliseconds OutboxDispatcher::DoublingBackoff(int attempts) {
  const int exponent = std::clamp(attempts, 0, 9);
  return std::min<std::chrono::milliseconds>(std::chrono::seconds(1LL << exponent),
                                             std::chrono::minutes(5));
}

domain::TimePoint OutboxDispatcher::After(int attempts) const {
  // Rounded up to the outbox's resolution (seconds): never sooner than the backoff says.
  const auto delay = options_.backoff(attempts);
  return clock_.Now() + std::chrono::ceil<std::chrono::seconds>(delay);
}

bool OutboxDispatcher::Publish(const std::vector<OutboxMessage>& claimed, Pass& pass) {
  std::vector<OutgoingMessage> outgoing;
  outgoing.reserve(claimed.size());
  for (const auto& message : claimed) {
    // The type as an attribute: a consumer can route without parsing the body.
    MessageAttributes attributes{{"type", message.type}};
    if (message.stream == kEventsStream) {
      attributes.emplace("content-type", "application/cloudevents+json");
    }
    outgoing.push_back({.group_id = message.aggregate_id,
                        .deduplication_id = message.id,
                        .body = message.payload,
                        .attributes = std::move(attributes)});
  }
  std::vector<PublishOutcome> outcomes;
  {
    telemetry::RootSpan span("queue publish", telemetry::SpanKind::kProducer, std::nullopt, "");
    span.SetAttribute("messaging.operation.type", "send");
    span.SetAttribute("messaging.destination.name", options_.stream);
    span.SetAttribute("messaging.batch.message_count", static_cast<int>(claimed.size()));
    try {
      outcomes = queue_.PublishBatch(outgoing);
    } catch (const std::exception& failure) {
      outcomes.assign(claimed.size(), PublishOutcome{.error = failure.what()});
    }
    if (std::any_of(outcomes.begin(), outcomes.end(),
                    [](const PublishOutcome& outcome) { return !outcome.Published(); })) {
      span.SetError("publish failed");
    }
  }
  std::vector<std::string> sent;
  int failed = 0;
  int transient = 0;
  auto uow = database_.Begin(TransactionMode::kWrite);
  for (std::size_t i = 0; i < claimed.size(); ++i) {
    const auto& message = claimed[i];
    const auto& outcome = outcomes[i];
    if (outcome.Published()) {
      sent.push_back(message.id);
      continue;
    }
    ++failed;
    if (!outcome.permanent) ++transient;
    if (outcome.permanent && message.attempts + 1 >= options_.max_attempts) {
      uow->Outbox().MarkDead(message.id, clock_.Now(), outcome.error);
      ++pass.dead;
      Died().With({options_.stream}).Add();
    } else {
      uow->Outbox().MarkFailed(message.id, After(message.attempts), outcome.error);
    }
  }
  uow->Outbox().MarkSent(sent, clock_.Now());
  uow->Commit();
  pass.published += static_cast<int>(sent.size());
  pass.failed += failed;
  Published().With({options_.stream}).Add(sent.size());
  Failed().With({options_.stream}).Add(failed);
  return !(sent.empty() && transient > 0);
}

OutboxDispatcher::Pass OutboxDispatcher::DispatchOnce() {
  Pass pass;
  if (clock_.Now() >= paused_until_) {
    int budget = options_.batch;
    while (budget > 0) {
      const int want = std::min(budget, kPublishBatch);
      const auto claimed = [&] {
        auto uow = database_.Begin(TransactionMode::kWrite);
        const auto now = clock_.Now();
        auto messages = uow->Outbox().Claim(options_.stream, now, now + options_.lease, want);
        uow->Commit();
        return messages;
      }();
      if (claimed.empty()) break;
      budget -= static_cast<int>(claimed.size());
      if (!Publish(claimed, pass)) {
        // Nothing of the batch went out: the queue is unreachable. The claimed messages are
        // due again after their own backoff; the relay waits before claiming others.
        paused_until_ = After(outage_passes_++);
        break;
      }
      outage_passes_ = 0;
      // Claim again even after a short batch: what was just sent makes its aggregate's next
      // message a head, so one aggregate's backlog drains in one pass too (the loop ends when
      // nothing is due: a failed message is not due again before its backoff).
    }
    pass.more = budget <= 0;
  }
  RefreshStats();
  return pass;
}

void OutboxDispatcher::RefreshStats() {
  const auto stats = [&] {
    auto snapshot = database_.Begin(TransactionMode::kRead);
    return snapshot->Outbox().PendingStats(options_.stream);
  }();
  pending_.store(stats.pending, std::memory_order_relaxed);
  dead_.store(stats.dead, std::memory_order_relaxed);
  oldest_age_seconds_.store(
      stats.oldest_created_at
          ? std::max<long long>(0, (clock_.Now() - *stats.oldest_created_at).count())
          : 0,
      std::memory_order_relaxed);
}

}  // namespace rampart::application
