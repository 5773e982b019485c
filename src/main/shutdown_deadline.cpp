#include "main/shutdown_deadline.hpp"

#include "common/log.hpp"

namespace rampart {

ShutdownDeadline::ShutdownDeadline(std::chrono::milliseconds budget,
                                   std::function<void()> on_expiry)
    : budget_(budget), on_expiry_(std::move(on_expiry)), thread_([this] { Wait(); }) {}

ShutdownDeadline::~ShutdownDeadline() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ShutdownDeadline::Start() {
  {
    std::lock_guard lock(mutex_);
    if (started_) return;
    started_ = true;
  }
  wake_.notify_all();
}

bool ShutdownDeadline::Expired() const {
  std::lock_guard lock(mutex_);
  return expired_;
}

void ShutdownDeadline::Wait() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return started_ || cancelled_; });
  if (wake_.wait_for(lock, budget_, [this] { return cancelled_; })) return;
  expired_ = true;
  lock.unlock();
  log::Warn("main", "shutdown timeout: interrupting what still waits on a dependency",
            {{"shutdownTimeoutMs", budget_.count()}});
  on_expiry_();
}

}  // namespace rampart
