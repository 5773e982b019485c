#pragma once
// Jittered exponential backoff for reconnect loops (PostgreSQL, Redis, ...).
#include <chrono>
#include <cstdint>
#include <random>

namespace rampart::infrastructure::resilience {

struct BackoffOptions {
  std::chrono::milliseconds initial{100};  // the ceiling of the first delay
  std::chrono::milliseconds max{10000};    // no delay is ever longer
  double multiplier = 2.0;                 // ceiling growth per attempt (>= 1)
};

/// "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"): attempt n
/// waits a uniformly random time in [ceiling/2, ceiling], ceiling = min(max, initial * m^n).
/// The random half spreads many clients that lost the same server so they do not reconnect in
/// lock-step; the fixed half keeps one client from hammering. Not thread-safe: one per loop.
class Backoff {
 public:
  /// Throws std::invalid_argument when initial <= 0, max < initial or multiplier < 1.
  explicit Backoff(BackoffOptions options = {}, std::uint64_t seed = std::random_device{}());

  /// The delay before the next attempt; grows with each call until Reset().
  std::chrono::milliseconds Next();
  /// After a success: the next delay starts again from `initial`.
  void Reset() { attempt_ = 0; }
  /// Delays handed out since the last Reset().
  int Attempts() const { return attempt_; }
  /// The upper bound of the delay Next() would return now.
  std::chrono::milliseconds Ceiling() const;

 private:
  BackoffOptions options_;
  std::mt19937_64 random_;
  int attempt_ = 0;
};

}  // namespace rampart::infrastructure::resilience
