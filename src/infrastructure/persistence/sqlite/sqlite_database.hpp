#pragma once
#include <chrono>
#include <filesystem>
#include <span>
#include <vector>

#include "infrastructure/persistence/migration.hpp"
#include "infrastructure/persistence/sqlite/connection_pool.hpp"
#include "infrastructure/persistence/sqlite/write_gate.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::sqlite {

struct SqliteOptions {
  // The database file; missing parent directories are created.
  std::filesystem::path path = "data/rampart.db";
  // Connections in the pool. Give it the worker-thread count + 1 (each worker holds at most one
  // unit of work, plus one for health checks and migrations); 0 = hardware threads + 1.
  int pool_size = 0;
  // How long a write waits for the write lock (in this process and across processes) before it
  // fails, and how long Acquire waits for a free connection.
  std::chrono::milliseconds busy_timeout{5000};
};

// SqliteDatabase is an SQLite database file: its connection pool, its write lock and its schema
// migrations. Thread-safe. Shared by the unit-of-work factory and the CLI (`rampart migrate`); it
// must outlive every lease and unit of work taken from it (the factory holds it by shared_ptr).
class SqliteDatabase {
 public:
  // SqliteDatabase opens (creating) the file and one connection; throws std::runtime_error when it
  // cannot.
  explicit SqliteDatabase(SqliteOptions options);

  // Migrate applies the embedded migrations (migrations/sqlite/) the database lacks, in version
  // order, and returns those it applied (empty when up to date). Throws std::runtime_error when the
  // database has a schema version newer than this binary knows.
  std::vector<Migration> Migrate();
  // Migrate does the same with an explicit migration list (ascending versions).
  std::vector<Migration> Migrate(std::span<const Migration> migrations);
  // CurrentVersion returns the highest applied migration version; 0 for an empty database.
  int CurrentVersion();

  // Acquire returns a connection for exclusive use (see ConnectionPool::Acquire).
  ConnectionPool::Lease Acquire() { return pool_.Acquire(); }
  // LockWriter serialises this process's write transactions. SQLite allows one writer per file
  // anyway; queueing writers on a gate hands the lock over at once instead of SQLite's
  // sleep-and-retry busy handler, which stays in place for writers in other processes. Throws
  // std::runtime_error after `busy_timeout`.
  WriteGate::Pass LockWriter() { return writer_.Enter(options_.busy_timeout); }

  const SqliteOptions& options() const { return options_; }
  // PoolStats returns the pool's connections (open, idle, callers waiting) and its size limit.
  ConnectionPool::Stats PoolStats() { return pool_.CurrentStats(); }
  int PoolSize() const { return pool_.size(); }

 private:
  SqliteOptions options_;
  ConnectionPool pool_;
  WriteGate writer_;
  telemetry::CallbackHandle pool_metrics_;  // last: unregistered before the pool goes
};

}  // namespace rampart::infrastructure::sqlite
