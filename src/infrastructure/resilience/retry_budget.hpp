#pragma once
// A retry budget for one dependency (Finagle's RetryBudget, gRPC's retry throttling): retries
// may add at most `ratio` of the calls' load, plus a small steady allowance, so that when the
// dependency struggles the callers' retries cannot multiply its load.
#include <chrono>
#include <mutex>

namespace rampart::infrastructure::resilience {

struct RetryBudgetOptions {
  double ratio = 0.2;           // each call deposits this much of one retry (0: no retries
                                // beyond the allowance)
  double min_per_second = 1.0;  // retries always allowed per second, even with few calls
  double max_balance = 10.0;    // the most retries saved up for a burst
};

// RetryBudget: thread-safe. Time is passed in (steady clock) so tests control it.
class RetryBudget {
 public:
  using Clock = std::chrono::steady_clock;
  // RetryBudget throws std::invalid_argument for a negative ratio or allowance, or max_balance < 1.
  explicit RetryBudget(RetryBudgetOptions options = {}, Clock::time_point now = Clock::now());

  // Deposit: a first attempt was made: it earns `ratio` of a retry.
  void Deposit();
  // TryWithdraw takes one retry from the budget; false (and nothing taken) when it is spent.
  bool TryWithdraw(Clock::time_point now = Clock::now());
  // Balance returns the retries available now (for tests and metrics).
  double Balance(Clock::time_point now = Clock::now());

 private:
  void RefillLocked(Clock::time_point now);

  const RetryBudgetOptions options_;
  std::mutex mutex_;
  double balance_;
  Clock::time_point refilled_at_;
};

}  // namespace rampart::infrastructure::resilience
