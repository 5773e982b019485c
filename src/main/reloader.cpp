#include "main/reloader.hpp"

namespace rampart {

namespace {

using TimePoint = std::chrono::system_clock::time_point;

// The earlier of the interval's next pass and the deadline; far away when neither applies.
TimePoint NextPass(std::chrono::milliseconds interval, std::optional<TimePoint> deadline) {
  const auto now = std::chrono::system_clock::now();
  TimePoint next = interval.count() > 0 ? now + interval : now + std::chrono::hours(24 * 365);
  // One second past a deadline: the key's grace ends at a whole second (token times are whole
  // seconds), so the pass must not run just before it.
  if (deadline && *deadline + std::chrono::seconds(1) < next) {
    next = *deadline + std::chrono::seconds(1);
  }
  return next;
}

}  // namespace

Reloader::Reloader(std::chrono::milliseconds interval, Pass reload)
    : interval_(interval), reload_(std::move(reload)) {}

Reloader::~Reloader() { Stop(); }

void Reloader::Start(std::optional<TimePoint> first_deadline) {
  if (thread_.joinable()) return;
  thread_ = std::thread([this, first_deadline] { Loop(first_deadline); });
}

void Reloader::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void Reloader::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Reloader::Loop(std::optional<TimePoint> deadline) {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, NextPass(interval_, deadline), [this] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    deadline = reload_();
  }
}

}  // namespace rampart
