#pragma once
// Brute-force protection, Keycloak-style: after `max_failures` consecutive failed logins the
// account is locked for `base_lock`; each further failure (once the lock has expired) doubles
// the lock up to `max_lock`. The count restarts after `reset_after` without a failure, on a
// successful login, and when an administrator unlocks the account.
//
// The same counting applies to an address that has no account (AddressFailures), so that the
// lockout answers alike whether or not an account exists: the policy cannot be used to find out.
#include <chrono>
#include <optional>
#include <string>

#include "domain/time.hpp"
#include "domain/user.hpp"

namespace rampart::domain {

// AddressFailures is the failure counter of a login address without an account. `key` identifies
// the address (application/auth/failed_logins.hpp: a hash of what was typed, never the address
// itself).
struct AddressFailures {
  std::string key;
  int failed_logins = 0;
  std::optional<TimePoint> last_failed_login_at;
  std::optional<TimePoint> locked_until;
};

struct LockoutPolicy {
  int max_failures = 5;
  std::chrono::seconds base_lock{std::chrono::minutes(1)};
  std::chrono::seconds max_lock{std::chrono::minutes(15)};
  std::chrono::seconds reset_after{std::chrono::hours(12)};

  // RecordFailure records one failed login on `user` (or on an address without an account) at
  // `now`. Returns when the lock ends if this failure locks it out, nullopt otherwise.
  std::optional<TimePoint> RecordFailure(User& user, TimePoint now) const;
  std::optional<TimePoint> RecordFailure(AddressFailures& address, TimePoint now) const;

  // RemainingLock returns how long `user` (or the address) stays locked out from `now`; nullopt
  // when not locked out.
  static std::optional<std::chrono::seconds> RemainingLock(const User& user, TimePoint now);
  static std::optional<std::chrono::seconds> RemainingLock(const AddressFailures& address,
                                                           TimePoint now);

  // ForgottenBefore: a counter whose last failure is before this point has no effect any
  // more: its count restarts at the next failure and any lock it set has ended (a lock never
  // outlasts its failure by more than `max_lock`). Such a counter can be deleted as if it never
  // existed.
  TimePoint ForgottenBefore(TimePoint now) const;

  // Clear forgets the failures and any lock (successful login, administrator unlock, password
  // reset).
  static void Clear(User& user);
};

}  // namespace rampart::domain
