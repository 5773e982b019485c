#pragma once
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// ConnectionPool is a fixed-size pool of connections to one database file. Connections open on
// first demand and are reused; Acquire blocks while all are lent out. Thread-safe.
class ConnectionPool {
 public:
  // Lease: exclusive use of one connection; gives it back on destruction.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ConnectionPool(std::filesystem::path path, int size, std::chrono::milliseconds busy_timeout,
                 std::chrono::milliseconds acquire_timeout);

  // Acquire throws std::runtime_error when no connection frees up within the acquire timeout (every
  // connection held by a long transaction, or a thread holding two units of work at once).
  Lease Acquire();
  int size() const { return size_; }

  struct Stats {
    int open = 0;  // connections opened (idle + lent out)
    int idle = 0;
    int waiting = 0;  // callers blocked in Acquire
  };
  Stats CurrentStats();

 private:
  void Release(std::unique_ptr<Connection> connection);

  const std::filesystem::path path_;
  const int size_;
  const std::chrono::milliseconds busy_timeout_;
  const std::chrono::milliseconds acquire_timeout_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
  int open_ = 0;                                   // idle + lent out; guarded by mutex_
  int waiting_ = 0;                                // blocked in Acquire; guarded by mutex_
};

}  // namespace rampart::infrastructure::sqlite
