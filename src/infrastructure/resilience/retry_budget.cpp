#include "infrastructure/resilience/retry_budget.hpp"

#include <algorithm>
#include <stdexcept>

namespace rampart::infrastructure::resilience {

RetryBudget::RetryBudget(RetryBudgetOptions options, Clock::time_point now)
    : options_(options), balance_(options.max_balance), refilled_at_(now) {
  if (!(options_.ratio >= 0) || !(options_.min_per_second >= 0) || !(options_.max_balance >= 1)) {
    throw std::invalid_argument("RetryBudget: need ratio >= 0, min_per_second >= 0, max >= 1");
  }
}

void RetryBudget::RefillLocked(Clock::time_point now) {
  if (now <= refilled_at_) return;
  const double seconds = std::chrono::duration<double>(now - refilled_at_).count();
  balance_ = std::min(options_.max_balance, balance_ + seconds * options_.min_per_second);
  refilled_at_ = now;
}

void RetryBudget::Deposit() {
  std::lock_guard lock(mutex_);
  balance_ = std::min(options_.max_balance, balance_ + options_.ratio);
}

bool RetryBudget::TryWithdraw(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  RefillLocked(now);
  if (balance_ < 1.0) return false;
  balance_ -= 1.0;
  return true;
}

double RetryBudget::Balance(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  RefillLocked(now);
  return balance_;
}

}  // namespace rampart::infrastructure::resilience
