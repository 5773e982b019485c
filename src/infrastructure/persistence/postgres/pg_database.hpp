#pragma once
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "application/ports/unit_of_work.hpp"
#include "infrastructure/persistence/migration.hpp"
#include "infrastructure/persistence/postgres/pg_pool.hpp"

namespace rampart::infrastructure::postgres {

class PgLoop;

struct PgOptions {
  PoolOptions pool;  // pool.connect.url is the database URL
  // Client-side limit of one call (a pipeline of statements); on expiry the statement is
  // cancelled and the call fails with DependencyUnavailable. Migrations get 10 minutes.
  std::chrono::milliseconds call_timeout{6000};
  // Ping() answers within this time, whatever the server or the network does (waiting for a
  // connection, connecting and the round trip together): the readiness probe's bound.
  std::chrono::milliseconds ping_timeout{1000};
  // Statements slower than this are logged (warn) with their name and duration; 0 = never.
  std::chrono::milliseconds slow_query_threshold{200};
  // Also told about every statement (name, duration), e.g. by the telemetry; on the loop
  // thread, so it must be cheap and must not block.
  QueryObserver query_observer;
};

// PgDatabase is a PostgreSQL database: its event loop thread, its connection pool and its
// migrations. Thread-safe; construction does not connect (the pool connects in the background), so
// the process starts and serves 503s while the database is down.
class PgDatabase final : public application::UnitOfWorkFactory {
 public:
  explicit PgDatabase(PgOptions options);
  ~PgDatabase() override;

  std::unique_ptr<application::UnitOfWork> Begin(application::TransactionMode mode) override;
  // Ping: `SELECT 1` on a pooled connection within ping_timeout; throws DependencyUnavailable while
  // the database is down or does not answer in time.
  void Ping() override;
  // Interrupt: for shutdown: calls in flight fail now and later ones at once (PgPool::Interrupt).
  void Interrupt();

  // Migrate applies the embedded migrations (migrations/postgres/) under an advisory lock and
  // returns those it applied. Throws when the database cannot be reached or a migration fails.
  std::vector<Migration> Migrate();
  std::vector<Migration> Migrate(std::span<const Migration> migrations);
  int CurrentVersion();

  // Stats: in use / idle / waiting connections, connect counts and the breaker state.
  PoolStats Stats() const;

 private:
  PgOptions options_;
  std::unique_ptr<PgLoop> loop_;
  std::unique_ptr<PgPool> pool_;
};

}  // namespace rampart::infrastructure::postgres
