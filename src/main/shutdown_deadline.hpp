#pragma once
// The shutdown budget of `rampart serve`: once the drain begins, server.shutdown_timeout later
// whatever still waits on a dependency is interrupted (the PostgreSQL pool's calls fail at
// once), so that a frozen or unreachable database cannot hold the process past its budget.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace rampart {

class ShutdownDeadline {
 public:
  // ShutdownDeadline: `on_expiry` runs on the deadline's own thread, at most once.
  ShutdownDeadline(std::chrono::milliseconds budget, std::function<void()> on_expiry);
  // Cancels the deadline if it has not expired yet, and joins its thread.
  ~ShutdownDeadline();
  ShutdownDeadline(const ShutdownDeadline&) = delete;
  ShutdownDeadline& operator=(const ShutdownDeadline&) = delete;

  // Start starts the budget (the drain began); later calls change nothing. Any thread.
  void Start();
  // Expired returns true once `on_expiry` ran.
  bool Expired() const;

 private:
  void Wait();

  const std::chrono::milliseconds budget_;
  std::function<void()> on_expiry_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool started_ = false;
  bool cancelled_ = false;
  bool expired_ = false;
  std::thread thread_;
};

}  // namespace rampart
