#include "infrastructure/resilience/circuit_breaker.hpp"

#include <stdexcept>

namespace rampart::infrastructure::resilience {

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options) : options_(options) {
  if (options_.failure_threshold < 1 || options_.open_for.count() < 0) {
    throw std::invalid_argument("CircuitBreaker: need failure_threshold >= 1 and open_for >= 0");
  }
}

CircuitBreaker::State CircuitBreaker::StateLocked(Clock::time_point now) const {
  if (!open_) return State::kClosed;
  return now - opened_at_ >= options_.open_for ? State::kHalfOpen : State::kOpen;
}

bool CircuitBreaker::Allow(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  switch (StateLocked(now)) {
    case State::kClosed:
      return true;
    case State::kOpen:
      return false;
    case State::kHalfOpen:
      // A trial that never reported back (its caller died) does not block the circuit forever.
      if (trial_in_flight_ && now - trial_started_at_ < options_.open_for) return false;
      trial_in_flight_ = true;
      trial_started_at_ = now;
      return true;
  }
  return false;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  open_ = false;
  trial_in_flight_ = false;
}

void CircuitBreaker::RecordFailure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  // A failed trial re-opens at once; a closed circuit opens at the threshold.
  const bool trip =
      trial_in_flight_ || (!open_ && consecutive_failures_ >= options_.failure_threshold);
  trial_in_flight_ = false;
  if (!trip) return;
  if (!open_) ++trips_;
  open_ = true;
  opened_at_ = now;
}

CircuitBreaker::State CircuitBreaker::CurrentState(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  return StateLocked(now);
}

std::uint64_t CircuitBreaker::Trips() const {
  std::lock_guard lock(mutex_);
  return trips_;
}

std::string_view ToString(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed:
      return "closed";
    case CircuitBreaker::State::kOpen:
      return "open";
    case CircuitBreaker::State::kHalfOpen:
      return "half-open";
  }
  return "unknown";
}

}  // namespace rampart::infrastructure::resilience
