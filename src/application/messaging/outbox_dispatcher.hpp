#pragma once
// The outbox relay: delivers one stream of the transactional outbox to its queue, at least
// once. A pass claims due messages (OutboxRepository::Claim: the head of each aggregate, leased
// so that no other relay — another instance on the same PostgreSQL — takes it meanwhile),
// publishes them in batches of at most 10 (PublishBatch: one call to SQS; at most one message
// per aggregate in a batch, so a partly failed batch cannot reorder an aggregate), then marks
// the published ones sent. The outbox id is the queue's deduplication id, the aggregate id its
// message group. A crash between publish and mark publishes again after the lease: the queue's
// deduplication window and the idempotent consumers absorb that.
//
// A failed publish is retried after the backoff for its attempt count (the composition root
// passes the shared jittered backoff of infrastructure/resilience); the aggregate's later
// messages wait behind it (FIFO per aggregate), other aggregates go on. A message the queue
// refuses for good (the sender's fault: too large, malformed) is retried `max_attempts` times in
// all and then marked dead: kept with its error, counted, and no longer holding back its
// aggregate. When a whole batch fails (the queue is unreachable), the pass ends and the relay
// backs off before the next one, so an outage costs one call per backoff step, not one per
// message. Synchronous: run it on a background thread.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>

#include "application/ports/clock.hpp"
#include "application/ports/message_queue.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart::application {

struct OutboxDispatcherOptions {
  std::string stream{kMailStream};
  int batch = 100;                 // most messages per pass
  std::chrono::seconds lease{60};  // a claimed message is not claimed again before this passed
  int max_attempts = 5;            // attempts before a message the queue refuses for good dies
  // The delay before the next attempt after `attempts` failures; the default doubles from 1 s to
  // 5 min without jitter (tests). The same function paces the relay while the queue is down.
  std::function<std::chrono::milliseconds(int attempts)> backoff;
};

class OutboxDispatcher {
 public:
  OutboxDispatcher(UnitOfWorkFactory& database, MessageQueue& queue, Clock& clock,
                   OutboxDispatcherOptions options);

  struct Pass {
    int published = 0;
    int failed = 0;  // attempts that failed (retried later)
    int dead = 0;    // messages given up on in this pass
    // A full batch was claimed and published: more may be waiting; pass again at once.
    bool more = false;
  };
  // DispatchOnce makes one pass over at most `batch` due messages. Throws when the database
  // fails.
  Pass DispatchOnce();

  // PendingCount: after the last pass: unsent live messages, the age of the oldest, and dead ones
  // (gauges).
  long long PendingCount() const { return pending_.load(std::memory_order_relaxed); }
  std::chrono::seconds OldestPendingAge() const {
    return std::chrono::seconds(oldest_age_seconds_.load(std::memory_order_relaxed));
  }
  long long DeadCount() const { return dead_.load(std::memory_order_relaxed); }
  const std::string& Stream() const { return options_.stream; }

  // DoublingBackoff returns the default backoff: 1 s doubling to at most 5 min.
  static std::chrono::milliseconds DoublingBackoff(int attempts);

 private:
  // Publish publishes one claimed batch and records the outcomes; false when none of it went out
  // and the queue gave a reason to retry (it is unreachable or overloaded).
  bool Publish(const std::vector<OutboxMessage>& claimed, Pass& pass);
  domain::TimePoint After(int attempts) const;
  void RefreshStats();

  UnitOfWorkFactory& database_;
  MessageQueue& queue_;
  Clock& clock_;
  OutboxDispatcherOptions options_;
  int outage_passes_ = 0;             // consecutive passes whose publish failed entirely
  domain::TimePoint paused_until_{};  // no claim before this while the queue is down
  std::atomic<long long> pending_{0};
  std::atomic<long long> oldest_age_seconds_{0};
  std::atomic<long long> dead_{0};
};

}  // namespace rampart::application
