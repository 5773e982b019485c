#pragma once
// Brute-force protection, Keycloak-style: after `max_failures` consecutive failed logins the
// account is locked for `base_lock`; each further failure (once the lock has expired) doubles
// the lock up to `max_lock`. The count restarts after `reset_after` without a failure, on a
// successful login, and when an administrator unlocks the account.
#include <chrono>
#include <optional>

#include "domain/time.hpp"
#include "domain/user.hpp"

namespace rampart::domain {

struct LockoutPolicy {
  int max_failures = 5;
  std::chrono::seconds base_lock{std::chrono::minutes(1)};
  std::chrono::seconds max_lock{std::chrono::minutes(15)};
  std::chrono::seconds reset_after{std::chrono::hours(12)};

  // Records one failed login on `user` at `now`. Returns when the lock ends if this failure
  // locks the account, nullopt otherwise.
  std::optional<TimePoint> RecordFailure(User& user, TimePoint now) const;

  // How long `user` stays locked out from `now`; nullopt when not locked out.
  static std::optional<std::chrono::seconds> RemainingLock(const User& user, TimePoint now);

  // Forgets the failures and any lock (successful login, administrator unlock, password reset).
  static void Clear(User& user);
};

}  // namespace rampart::domain
