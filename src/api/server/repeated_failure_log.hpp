#pragma once
// When a failure that can repeat many times a second (accept() at file-descriptor exhaustion,
// every 50 ms per I/O loop) is logged: the first at once, then at most one line per interval,
// carrying how many occurred since the previous line — a count instead of a log flood. Not
// thread-safe: one owner (the acceptor's thread).
#include <chrono>
#include <cstdint>
#include <optional>

namespace rampart::api {

// RepeatedFailureLog decides when a repeating failure is logged (see above).
class RepeatedFailureLog {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RepeatedFailureLog(Clock::duration interval) : interval_(interval) {}

  // Failed notes a failure at `now`: the number of failures the line to log now reports (this
  // one and those held back since the last line), or nullopt when this one is only counted.
  std::optional<std::uint64_t> Failed(Clock::time_point now);

  // Recovered notes that the condition cleared: the failures held back since the last line
  // (nullopt when there are none), to report once; the next failure is logged at once again.
  std::optional<std::uint64_t> Recovered();

  // Total is the number of failures since the process started (logged or not).
  std::uint64_t Total() const { return total_; }

 private:
  Clock::duration interval_;
  std::optional<Clock::time_point> last_line_;  // none: not failing
  std::uint64_t held_back_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace rampart::api
