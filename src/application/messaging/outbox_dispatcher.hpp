#pragma once
// Delivers the transactional outbox to the queue, at least once: reads unsent messages, publishes
// each (the outbox id is the queue's deduplication id, the aggregate id its message group),
// then marks it sent. A crash between publish and mark publishes it again on the next pass —
// the queue's deduplication window and the idempotent consumers absorb that. A failed publish
// is retried with exponential backoff (1 s doubling, at most 5 min); the aggregate's later
// messages wait behind it (FIFO per aggregate). Synchronous: run it on a background thread.
#include <atomic>
#include <chrono>
#include <optional>

#include "application/ports/clock.hpp"
#include "application/ports/message_queue.hpp"
#include "application/ports/unit_of_work.hpp"

namespace rampart::application {

class OutboxDispatcher {
 public:
  OutboxDispatcher(UnitOfWorkFactory& database, MessageQueue& queue, Clock& clock, int batch);

  struct Pass {
    int published = 0;
    int failed = 0;
    int waiting = 0;  // not due yet, or behind an earlier message of their aggregate
    // A full batch was read and some of it published: more may be waiting; pass again.
    bool more = false;
  };
  // One pass over at most `batch` unsent messages. Throws when the database fails.
  Pass DispatchOnce();

  // After the last pass: unsent messages and the age of the oldest (for the gauges).
  long long PendingCount() const { return pending_.load(std::memory_order_relaxed); }
  std::chrono::seconds OldestPendingAge() const {
    return std::chrono::seconds(oldest_age_seconds_.load(std::memory_order_relaxed));
  }

  // The delay before attempt `attempts + 1` after `attempts` failures.
  static std::chrono::seconds Backoff(int attempts);

 private:
  UnitOfWorkFactory& database_;
  MessageQueue& queue_;
  Clock& clock_;
  int batch_;
  std::atomic<long long> pending_{0};
  std::atomic<long long> oldest_age_seconds_{0};
};

}  // namespace rampart::application
