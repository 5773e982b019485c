#pragma once
// The PostgreSQL connection pool: bounded, self-healing, and guarded by a circuit breaker.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "infrastructure/persistence/postgres/pg_connection.hpp"
#include "infrastructure/resilience/backoff.hpp"
#include "infrastructure/resilience/circuit_breaker.hpp"

namespace rampart::infrastructure::postgres {

struct PoolOptions {
  ConnectOptions connect;
  int min_size = 2;   // kept open (and re-opened in the background after an outage)
  int max_size = 16;  // never more open at once
  std::chrono::milliseconds acquire_timeout{2000};  // wait for a free connection, then 503
  std::chrono::milliseconds max_lifetime{std::chrono::minutes(30)};  // then replaced
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};   // idle above min: closed
  resilience::BackoffOptions reconnect{.initial = std::chrono::milliseconds(100),
                                       .max = std::chrono::milliseconds(2000),
                                       .multiplier = 2.0};
  resilience::CircuitBreakerOptions breaker{.failure_threshold = 3,
                                            .open_for = std::chrono::milliseconds(1000)};
  // Credentials that rotate (docs/postgres.md#password-rotation): when set, every connect uses
  // the URL it returns instead of connect.url. Called under the pool's lock: it must only read
  // a value at hand, never fetch one.
  std::function<std::string()> current_url;
  // Called when the server refused the password (28P01), from any thread, so the caller can
  // fetch the rotated one; must not block. The connect is retried with backoff meanwhile.
  std::function<void()> on_password_refused;

  // CurrentConnect: connect, with current_url's URL when set.
  ConnectOptions CurrentConnect() const;
};

// PasswordRefused returns whether libpq's connection error text is the server's 28P01 (wrong
// password).
bool PasswordRefused(std::string_view libpq_message);

// PoolStats is a point-in-time view of the pool for metrics and health.
struct PoolStats {
  int in_use = 0;                      // leased to a unit of work
  int idle = 0;                        // open and free
  int waiting = 0;                     // callers waiting for a free connection
  int total = 0;                       // open or opening
  std::uint64_t connects = 0;          // successful connects since start
  std::uint64_t connect_failures = 0;  // failed connects since start
  resilience::CircuitBreaker::State breaker = resilience::CircuitBreaker::State::kClosed;
};

// PgPool: exclusive leases on connections. Acquire runs on worker threads and blocks them (up to
// the acquire timeout); connects happen on the loop. When connecting keeps failing the circuit
// breaker opens and Acquire fails at once with DependencyUnavailable, so requests get a quick 503
// instead of piling up; a background task on the loop keeps re-connecting with jittered exponential
// backoff, and its first success closes the circuit again.
class PgPool {
 public:
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    PgConnection* operator->() const { return connection_.get(); }
    PgConnection& operator*() const { return *connection_; }
    explicit operator bool() const { return connection_ != nullptr; }

   private:
    friend class PgPool;
    struct Shared;
    Lease(std::shared_ptr<Shared> pool, std::shared_ptr<PgConnection> connection)
        : pool_(std::move(pool)), connection_(std::move(connection)) {}
    void Return();
    std::shared_ptr<Shared> pool_;
    std::shared_ptr<PgConnection> connection_;
  };

  // PgPool starts the background task (which opens `min_size` connections) and returns at once.
  PgPool(PgLoop& loop, PoolOptions options);
  // Stops the background task and closes every idle connection.
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // Acquire returns a connection for exclusive use; throws DependencyUnavailable (circuit open,
  // connect failed, none free within acquire_timeout, or the pool was interrupted).
  Lease Acquire();
  // Acquire returns the same, but waiting for a free connection and connecting a new one together
  // take at most `limit` (the readiness probe's bound).
  Lease Acquire(std::chrono::milliseconds limit);
  // Interrupt: for shutdown: from now on Acquire fails at once, and every connection, idle or
  // leased, is closed, so that calls in flight fail with DependencyUnavailable now instead of at
  // their timeout, and waiting or connecting callers return. Any thread; idempotent.
  void Interrupt();
  PoolStats Stats() const;
  const PoolOptions& options() const;

 private:
  Lease AcquireUntil(std::chrono::steady_clock::time_point wait_deadline, bool bound_connect);

  std::shared_ptr<Lease::Shared> shared_;
};

}  // namespace rampart::infrastructure::postgres
