#pragma once
// Test-only (header-only): SettableClock, shared by the use-case harnesses.
#include <atomic>
#include <chrono>

#include "application/ports/clock.hpp"

namespace rampart::integration {

// A clock the test moves by hand (whole seconds, like the system clock). Thread-safe: use
// cases may run on other threads.
class SettableClock final : public application::Clock {
 public:
  domain::TimePoint Now() const override { return now_.load(); }
  void Advance(std::chrono::seconds by) { now_ = now_.load() + by; }

 private:
  std::atomic<domain::TimePoint> now_{
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())};
};

}  // namespace rampart::integration
