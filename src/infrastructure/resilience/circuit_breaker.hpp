#pragma once
// A circuit breaker for one dependency: after repeated failures it opens and callers fail fast
// instead of queueing on a dead server; after a cool-down it lets one trial call through.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>

namespace rampart::infrastructure::resilience {

struct CircuitBreakerOptions {
  int failure_threshold = 5;                 // consecutive failures that open the circuit
  std::chrono::milliseconds open_for{2000};  // how long it stays open before a trial call
};

// CircuitBreaker: closed → (failure_threshold consecutive failures) → Open → (open_for elapsed) →
// HalfOpen: one caller is allowed a trial; its success closes the circuit, its failure re-opens it
// for another `open_for`. Thread-safe. Time is passed in (steady clock) so tests control it.
class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { kClosed, kOpen, kHalfOpen };

  // CircuitBreaker throws std::invalid_argument when failure_threshold < 1 or open_for < 0.
  explicit CircuitBreaker(CircuitBreakerOptions options = {});

  // Allow returns whether a call may go ahead now. In HalfOpen only the first caller gets true (the
  // trial) until it reports back (or `open_for` passes without a report); everyone else fails fast.
  bool Allow(Clock::time_point now = Clock::now());
  void RecordSuccess();
  void RecordFailure(Clock::time_point now = Clock::now());

  State CurrentState(Clock::time_point now = Clock::now()) const;
  // Trips counts the times the circuit went from closed (or half-open) to open since construction.
  std::uint64_t Trips() const;

 private:
  State StateLocked(Clock::time_point now) const;

  const CircuitBreakerOptions options_;
  mutable std::mutex mutex_;
  int consecutive_failures_ = 0;
  bool open_ = false;
  bool trial_in_flight_ = false;
  Clock::time_point opened_at_{};
  Clock::time_point trial_started_at_{};
  std::uint64_t trips_ = 0;
};

std::string_view ToString(CircuitBreaker::State state);

}  // namespace rampart::infrastructure::resilience
