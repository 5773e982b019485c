#pragma once
// Jittered exponential backoff for reconnect loops (PostgreSQL, Redis, ...).
#include <chrono>
#include <cstdint>
#include <random>

namespace rampart::infrastructure::resilience {

// Jitter: how much of the ceiling is random (AWS Architecture Blog, "Exponential Backoff and
// Jitter").
enum class Jitter {
  kEqual,  // [ceiling/2, ceiling]: reconnect loops, where one client must not hammer
  kFull,   // [0, ceiling]: retries of calls, which spreads many callers the most
};

struct BackoffOptions {
  std::chrono::milliseconds initial{100};  // the ceiling of the first delay
  std::chrono::milliseconds max{10000};    // no delay is ever longer
  double multiplier = 2.0;                 // ceiling growth per attempt (>= 1)
  Jitter jitter = Jitter::kEqual;
};

// Backoff: jittered exponential backoff: attempt n waits a uniformly random time below
// ceiling = min(max, initial * m^n) — in [ceiling/2, ceiling] with equal jitter (the random
// half spreads clients that lost the same server, the fixed half keeps one from hammering), in
// [0, ceiling] with full jitter. Not thread-safe: one per loop or per call.
class Backoff {
 public:
  // Backoff throws std::invalid_argument when initial <= 0, max < initial or multiplier < 1.
  explicit Backoff(BackoffOptions options = {}, std::uint64_t seed = std::random_device{}());

  // Next returns the delay before the next attempt; grows with each call until Reset().
  std::chrono::milliseconds Next();
  // Reset: after a success: the next delay starts again from `initial`.
  void Reset() { attempt_ = 0; }
  // Attempts counts the delays handed out since the last Reset().
  int Attempts() const { return attempt_; }
  // Ceiling returns the upper bound of the delay Next() would return now.
  std::chrono::milliseconds Ceiling() const;
  // For returns the jittered delay of attempt `attempt` (0: the first) without changing the
  // sequence, for callers that keep the attempt count elsewhere (the outbox keeps it per message).
  std::chrono::milliseconds For(int attempt);

 private:
  BackoffOptions options_;
  std::mt19937_64 random_;
  std::chrono::milliseconds CeilingAt(int attempt) const;
  std::chrono::milliseconds Jittered(std::chrono::milliseconds ceiling);

  int attempt_ = 0;
};

}  // namespace rampart::infrastructure::resilience
