#pragma once
// Test-only helpers for the PostgreSQL adapter's tests (header-only: nothing of it links into
// the service). The cluster is started by the ctest fixture (tests/services/postgres.sh), which
// writes its URL to $RAMPART_TEST_POSTGRES_STATE/url.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "infrastructure/persistence/postgres/pg_connection.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/pg_loop.hpp"

namespace rampart::infrastructure::postgres::test_support {

// AdminUrl returns the URL of the test cluster's `postgres` database. Throws (failing the test)
// when the fixture did not run: these tests never skip silently.
inline std::string AdminUrl() {
  const char* state = std::getenv("RAMPART_TEST_POSTGRES_STATE");
  if (state == nullptr) {
    throw std::runtime_error(
        "RAMPART_TEST_POSTGRES_STATE is not set: run these tests through ctest (the "
        "postgres fixture starts a cluster)");
  }
  std::ifstream file(std::string(state) + "/url");
  std::string url;
  if (!std::getline(file, url) || url.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL URL in ") + state + "/url");
  }
  return url;
}

// UrlOf returns the admin URL with another database name.
inline std::string UrlOf(const std::string& database) {
  auto url = AdminUrl();
  return url.substr(0, url.rfind('/') + 1) + database;
}

// AdminExecute runs SQL on the admin database.
inline void AdminExecute(const std::string& sql) {
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = AdminUrl()});
  connection->ExecuteScript(sql, std::chrono::seconds(60));
  connection->Close();
}

// TempPgDatabase is a fresh, empty database on the test cluster, dropped on destruction.
class TempPgDatabase {
 public:
  TempPgDatabase() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    name_ = "rampart_test_" + std::to_string(random() % 1000000000000ULL);
    AdminExecute("CREATE DATABASE " + name_);
  }
  ~TempPgDatabase() {
    try {
      AdminExecute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  TempPgDatabase(const TempPgDatabase&) = delete;
  TempPgDatabase& operator=(const TempPgDatabase&) = delete;
  std::string Url() const { return UrlOf(name_); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

// WaitForALockWaiter waits until a session on the database at `url` waits for a lock
// (pg_stat_activity), at most 20 s: how the interleaving tests know the use case under test reached
// a row lock that another transaction holds. False when none did.
inline bool WaitForALockWaiter(const std::string& url) {
  static constexpr Statement kLockWaiters{
      "test_lock_waiters",
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
      " AND wait_event_type = 'Lock'"};
  PgLoop loop;
  auto connection = PgConnection::Open(loop, {.url = url});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool waiting = false;
  while (
      !(waiting = connection->Execute(kLockWaiters, {}, std::chrono::seconds(5)).Int(0, 0) > 0) &&
      std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // polling a condition
  }
  connection->Close();
  return waiting;
}

inline PgOptions TestOptions(const std::string& url) {
  PgOptions options;
  options.pool.connect.url = url;
  options.pool.min_size = 1;
  options.pool.max_size = 4;
  return options;
}

// TempDatabaseFactory: a migrated database of its own, dropped when the factory goes away.
class TempDatabaseFactory final : public application::UnitOfWorkFactory {
 public:
  TempDatabaseFactory() : database_(TestOptions(temp_.Url())) { database_.Migrate(); }
  std::unique_ptr<application::UnitOfWork> Begin(application::TransactionMode mode) override {
    return database_.Begin(mode);
  }
  void Ping() override { database_.Ping(); }
  PgDatabase& database() { return database_; }

 private:
  TempPgDatabase temp_;  // first: dropped after the pool is closed
  PgDatabase database_;
};

}  // namespace rampart::infrastructure::postgres::test_support
