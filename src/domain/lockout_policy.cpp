#include "domain/lockout_policy.hpp"

#include <algorithm>

namespace rampart::domain {

std::optional<TimePoint> LockoutPolicy::RecordFailure(User& user, TimePoint now) const {
  if (user.last_failed_login_at && now - *user.last_failed_login_at >= reset_after) {
    user.failed_logins = 0;
  }
  user.failed_logins += 1;
  user.last_failed_login_at = now;
  if (user.failed_logins < max_failures) return std::nullopt;
  // 1×, 2×, 4×, ... the base lock; the shift is bounded so it cannot overflow.
  const int doublings = std::min(user.failed_logins - max_failures, 20);
  const auto lock = std::min<std::chrono::seconds>(base_lock * (1LL << doublings), max_lock);
  user.locked_until = now + lock;
  return user.locked_until;
}

std::optional<std::chrono::seconds> LockoutPolicy::RemainingLock(const User& user, TimePoint now) {
  if (!user.locked_until || *user.locked_until <= now) return std::nullopt;
  return *user.locked_until - now;
}

void LockoutPolicy::Clear(User& user) {
  user.failed_logins = 0;
  user.last_failed_login_at.reset();
  user.locked_until.reset();
}

}  // namespace rampart::domain
