// Composition::SystemStatus(): what GET /health (detailed) shows an operator about each adapter
// and the process. Only counts, kinds and states: never a URL, host or credential.
#include "api/endpoints/system_status.hpp"
#include "infrastructure/cache/redis/redis_client.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/telemetry/process_metrics.hpp"
#include "main/build_info.hpp"
#include "main/composition.hpp"
#include "main/messaging_runtime.hpp"

namespace rampart {
namespace {

std::string BreakerName(infrastructure::resilience::CircuitBreaker::State state) {
  using State = infrastructure::resilience::CircuitBreaker::State;
  switch (state) {
    case State::kClosed:
      return "closed";
    case State::kOpen:
      return "open";
    case State::kHalfOpen:
      return "half-open";
  }
  return "open";
}

}  // namespace

api::SystemStatus Composition::SystemStatus() {
  api::SystemStatus status;
  status.environment = settings_.env;
  status.commit = std::string(BuildCommit());

  if (const auto* postgres = database_->Postgres()) {
    const auto pool = postgres->Stats();
    status.database = {.adapter = "postgresql",
                       .in_use = pool.in_use,
                       .idle = pool.idle,
                       .waiting = pool.waiting,
                       .max = settings_.database_pool_max_size,
                       .circuit_breaker = BreakerName(pool.breaker),
                       .connect_failures = pool.connect_failures};
  } else {
    auto& sqlite = *database_->Sqlite();
    const auto pool = sqlite.PoolStats();
    // SQLite has no connection to lose, hence no breaker.
    status.database = {.adapter = "sqlite",
                       .in_use = pool.open - pool.idle,
                       .idle = pool.idle,
                       .waiting = pool.waiting,
                       .max = sqlite.PoolSize()};
  }

  status.cache.enabled = identity_cache_ != nullptr;
  status.cache.kind = redis_ ? "redis" : "memory";
  // The Redis connection is its own breaker: while it is down commands fail at once and a
  // reconnect with backoff is the half-open trial (infrastructure/cache/redis/redis_client.hpp).
  if (redis_) status.cache.circuit_breaker = redis_->Connected() ? "closed" : "open";

  if (messaging_) {
    status.messaging.running = true;
    const auto messaging = messaging_->CurrentStatus();
    status.messaging.queue_kind = messaging.queue.kind;
    status.messaging.outbox_depth = messaging.outbox_depth;
    status.messaging.outbox_oldest_age_seconds =
        static_cast<double>(messaging.outbox_oldest_age.count());
    status.messaging.queue_depth = messaging.queue_depth;
    status.messaging.in_flight = messaging.queue.in_flight;
    status.messaging.dead_letters = messaging.dead_letters;
    status.messaging.max_receives = messaging.queue.max_receives;
    status.messaging.dead_letter_queue = messaging.queue.dead_letter_queue;
    if (messaging.queue.oldest_received_age) {
      status.messaging.oldest_received_age_seconds =
          static_cast<double>(messaging.queue.oldest_received_age->count());
    }
    status.messaging.circuit_breaker = messaging.circuit_breaker;
  }

  if (const auto process = infrastructure::telemetry::ReadProcessStats()) {
    status.process = api::SystemStatus::Process{.resident_bytes = process->resident_bytes,
                                                .threads = process->threads,
                                                .open_fds = process->open_fds,
                                                .max_fds = process->max_fds,
                                                .cpu_seconds = process->cpu_seconds,
                                                .start_time_unix = process->start_time_seconds};
  }
  return status;
}

}  // namespace rampart
