#pragma once
// Failed passwords counted toward the lockout (domain::LockoutPolicy, AuthSettings::lockout),
// shared by every use case that checks a password or a second factor: a login (a wrong
// password, or an address without an account, or a wrong code at its second step), the change
// of one's own password (a wrong current password) and the changes of one's second factor (a
// wrong password or code).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "application/dispatch/use_case.hpp"
#include "domain/errors.hpp"
#include "domain/time.hpp"

namespace rampart::application {

// LockedOut returns the one answer while locked out: 429 `/problems/locked` with Retry-After (at
// least 1 s).
domain::Error LockedOut(std::chrono::seconds remaining);

// AddressKey returns the key of the failure counter of an address without an account: the SHA-256
// of the address as it is looked up (normalised when it parses, else as typed). The table so holds
// neither the addresses people typed nor more than 64 characters per row, whatever was typed.
std::string AddressKey(const Services& services, std::string_view address);

// FailedPassword: where a counted failure came from (recorded as `via` in the `auth.lockout` it may
// cause).
enum class FailedPassword {
  kLogin,
  // A wrong current password at POST /users/me/password. It came through a signed-in session:
  // when it locks the account, every session of the user ends and the token version is bumped,
  // so the guesser's refresh and access tokens stop working at once (a thief cannot tell the
  // owner's sessions from their own, and the owner signs in again once the lock is over).
  kPasswordChange,
  // A wrong code (or recovery code) at the second step of a login (POST /auth/login/mfa).
  kSecondFactor,
  // A wrong password or code through a signed-in session when changing its second factor
  // (disabling it, new recovery codes): ends every session when it locks, like kPasswordChange.
  kSecondFactorChange,
};

// CountAccountFailure counts one wrong password against the account in the write unit of work the
// caller opened (context.Begin(kWrite)), on the row read FOR UPDATE so that concurrent failures
// serialise, and records `auth.lockout` when this failure locks the account. Returns when the lock
// ends if it locked the account; nullopt otherwise (also when the account no longer exists).
std::optional<domain::TimePoint> CountAccountFailure(UseCaseContext& context,
                                                     std::string_view user_id,
                                                     FailedPassword source);

// CountAddressFailure does the same for a login with an address that has no account, on the
// address's own counter (AddressFailureRepository, locked per address): its lock is computed,
// answered and recorded exactly like an account's (`auth.lockout` without a target).
std::optional<domain::TimePoint> CountAddressFailure(UseCaseContext& context,
                                                     std::string_view address_key);

// PruneForgottenAddresses deletes a few address counters that the policy has forgotten
// (LockoutPolicy::ForgottenBefore) in the caller's write unit of work. Every counted login failure,
// with or without an account, calls it: each failure adds at most one counter and removes up to two
// forgotten ones, so the table never outgrows the addresses that failed within one reset period.
void PruneForgottenAddresses(UseCaseContext& context);

}  // namespace rampart::application
