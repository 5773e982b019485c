// Composition::SystemStatus(): what GET /health (detailed) shows an operator about each adapter
// and the process. Only counts, kinds and states: never a URL, host or credential.
#include "api/endpoints/system_status.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"  // rampart:only(postgres)
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"  // rampart:only(sqlite)
#include "infrastructure/redis/redis_client.hpp"  // rampart:only(redis)
#include "infrastructure/telemetry/process_metrics.hpp"
#include "main/build_info.hpp"
#include "main/composition.hpp"
#include "main/messaging_runtime.hpp"
#include "main/secrets_runtime.hpp"

namespace rampart {
namespace {

// rampart:begin(postgres)
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
// rampart:end

}  // namespace

api::SystemStatus Composition::SystemStatus() {
  api::SystemStatus status;
  status.environment = settings_.env;
  status.commit = std::string(BuildCommit());

  // rampart:begin(postgres)
  if (const auto* postgres = database_->Postgres()) {
    const auto pool = postgres->Stats();
    status.database = {.adapter = "postgresql",
                       .in_use = pool.in_use,
                       .idle = pool.idle,
                       .waiting = pool.waiting,
                       .max = settings_.database_pool_max_size,
                       .circuit_breaker = BreakerName(pool.breaker),
                       .connect_failures = pool.connect_failures};
  }
  // rampart:end
  // rampart:begin(sqlite)
  if (database_->Sqlite() != nullptr) {
    auto& sqlite = *database_->Sqlite();
    const auto pool = sqlite.PoolStats();
    // SQLite has no connection to lose, hence no breaker.
    status.database = {.adapter = "sqlite",
                       .in_use = pool.open - pool.idle,
                       .idle = pool.idle,
                       .waiting = pool.waiting,
                       .max = sqlite.PoolSize()};
  }
  // rampart:end

  status.cache.enabled = settings_.cache_enabled;
  // rampart:begin(redis)
  status.cache.kind = redis_ ? "redis" : "memory";
  // The Redis connection is its own breaker: while it is down commands fail at once and a
  // reconnect with backoff is the half-open trial (infrastructure/redis/redis_client.hpp).
  if (redis_) status.cache.circuit_breaker = redis_->Connected() ? "closed" : "open";
  // rampart:else
  // status.cache.kind = "memory";
  // rampart:end

  if (messaging_) {
    status.messaging.running = true;
    const auto messaging = messaging_->CurrentStatus();
    const auto outbox = [](const MessagingRuntime::Outbox& from) {
      return api::SystemStatus::Outbox{
          .depth = from.depth,
          .oldest_age_seconds = static_cast<double>(from.oldest_age.count()),
          .dead = from.dead};
    };
    const auto queue = [](const MessagingRuntime::Queue& from) {
      api::SystemStatus::Queue to{.kind = from.status.kind,
                                  .depth = from.depth,
                                  .in_flight = from.status.in_flight,
                                  .dead_letters = from.status.dead_letters,
                                  .max_receives = from.status.max_receives,
                                  .dead_letter_queue = from.status.dead_letter_queue,
                                  .circuit_breaker = from.circuit_breaker};
      if (from.status.oldest_received_age) {
        to.oldest_received_age_seconds =
            static_cast<double>(from.status.oldest_received_age->count());
      }
      return to;
    };
    status.messaging.outbox = outbox(messaging.mail_outbox);
    status.messaging.queue = queue(messaging.mail_queue);
    status.messaging.events_outbox = outbox(messaging.events_outbox);
    status.messaging.events_queue = queue(messaging.events_queue);
  }

  if (secrets_ != nullptr) {
    for (const auto& secret : secrets_->Statuses()) {
      status.secrets.push_back({.id = secret.secret_id,
                                .version_id = secret.version_id,
                                .age_seconds = static_cast<double>(secret.age.count()),
                                .stale = secret.stale,
                                .last_error = secret.last_error});
    }
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
