#include "domain/lockout_policy.hpp"

#include <algorithm>

namespace rampart::domain {

namespace {

// One counter, wherever it lives (an account, an address without one).
struct Counter {
  int& failed_logins;
  std::optional<TimePoint>& last_failed_login_at;
  std::optional<TimePoint>& locked_until;
};

std::optional<TimePoint> Record(const LockoutPolicy& policy, Counter counter, TimePoint now) {
  if (counter.last_failed_login_at && now - *counter.last_failed_login_at >= policy.reset_after) {
    counter.failed_logins = 0;
  }
  counter.failed_logins += 1;
  counter.last_failed_login_at = now;
  if (counter.failed_logins < policy.max_failures) return std::nullopt;
  // 1×, 2×, 4×, ... the base lock; the shift is bounded so it cannot overflow.
  const int doublings = std::min(counter.failed_logins - policy.max_failures, 20);
  const auto lock =
      std::min<std::chrono::seconds>(policy.base_lock * (1LL << doublings), policy.max_lock);
  counter.locked_until = now + lock;
  return counter.locked_until;
}

std::optional<std::chrono::seconds> Remaining(const std::optional<TimePoint>& locked_until,
                                              TimePoint now) {
  if (!locked_until || *locked_until <= now) return std::nullopt;
  return *locked_until - now;
}

}  // namespace

std::optional<TimePoint> LockoutPolicy::RecordFailure(User& user, TimePoint now) const {
  return Record(*this, {user.failed_logins, user.last_failed_login_at, user.locked_until}, now);
}

std::optional<TimePoint> LockoutPolicy::RecordFailure(AddressFailures& address,
                                                      TimePoint now) const {
  return Record(*this, {address.failed_logins, address.last_failed_login_at, address.locked_until},
                now);
}

std::optional<std::chrono::seconds> LockoutPolicy::RemainingLock(const User& user, TimePoint now) {
  return Remaining(user.locked_until, now);
}

std::optional<std::chrono::seconds> LockoutPolicy::RemainingLock(const AddressFailures& address,
                                                                 TimePoint now) {
  return Remaining(address.locked_until, now);
}

TimePoint LockoutPolicy::ForgottenBefore(TimePoint now) const {
  return now - std::max(reset_after, max_lock);
}

void LockoutPolicy::Clear(User& user) {
  user.failed_logins = 0;
  user.last_failed_login_at.reset();
  user.locked_until.reset();
}

}  // namespace rampart::domain
