#include "infrastructure/persistence/sqlite/connection_pool.hpp"

#include <stdexcept>
#include <string>

namespace rampart::infrastructure::sqlite {

ConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::filesystem::path path, int size,
                               std::chrono::milliseconds busy_timeout,
                               std::chrono::milliseconds acquire_timeout)
    : path_(std::move(path)),
      size_(size),
      busy_timeout_(busy_timeout),
      acquire_timeout_(acquire_timeout) {
  if (size_ < 1)
    throw std::invalid_argument("SQLite: the connection pool needs at least 1 connection");
  // Open one connection now so that a bad path or a locked file fails at start, not on the
  // first request.
  idle_.push_back(std::make_unique<Connection>(path_, busy_timeout_));
  open_ = 1;
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  std::unique_lock lock(mutex_);
  const auto available = [&] { return !idle_.empty() || open_ < size_; };
  bool ready = available();
  if (!ready) {
    ++waiting_;
    ready = released_.wait_for(lock, acquire_timeout_, available);
    --waiting_;
  }
  if (!ready) {
    throw std::runtime_error("SQLite: no connection became free within " +
                             std::to_string(acquire_timeout_.count()) + " ms (pool size " +
                             std::to_string(size_) + ")");
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(this, std::make_unique<Connection>(path_, busy_timeout_));
  } catch (...) {
    lock.lock();
    --open_;
    released_.notify_one();
    throw;
  }
}

ConnectionPool::Stats ConnectionPool::CurrentStats() {
  std::lock_guard lock(mutex_);
  return {open_, static_cast<int>(idle_.size()), waiting_};
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  connection->set_read_only(false);
  if (connection->InTransaction()) {
    // Only reachable when a rollback failed: never reuse a connection in an unknown state.
    try {
      connection->ExecuteScript("ROLLBACK");
    } catch (...) {
    }
    if (connection->InTransaction()) connection.reset();
  }
  std::lock_guard lock(mutex_);
  if (connection != nullptr) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  released_.notify_one();
}

}  // namespace rampart::infrastructure::sqlite
