#pragma once
// Two-factor sign-in with TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, as
// authenticator apps expect), single-use recovery codes, and the short-lived challenge between
// the password step of a login and its second step (docs/security.md, "Two-factor sign-in").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace rampart::domain {

inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpPeriodSeconds = 30;
// Codes of one step before and after the current one are accepted (clock skew, typing time).
inline constexpr int kTotpSkewSteps = 1;
inline constexpr int kRecoveryCodeCount = 10;

// Authentication method references (RFC 8176) carried by a session and its access tokens
// (`amr`): the password alone, or the password and a one-time code (a TOTP code or a recovery
// code: both are one-time passwords).
inline constexpr std::string_view kAmrPassword = "pwd";
inline constexpr std::string_view kAmrOneTimeCode = "otp";

// TotpEnrolment is a user's TOTP authenticator. Enrolment stores it unconfirmed; it protects logins
// only once a code from it was confirmed. The secret is stored sealed (encrypted, bound to the
// user), never in clear text.
struct TotpEnrolment {
  std::string user_id;
  std::string sealed_secret;
  TimePoint created_at{};
  std::optional<TimePoint> confirmed_at;
  // The step of the last code accepted: a code is accepted once only (RFC 6238 §5.2), so only
  // later steps verify.
  std::optional<std::int64_t> last_used_step;

  bool Active() const { return confirmed_at.has_value(); }
};

// MfaChallenge is the challenge a login answers for an account with an active second factor: single
// use, short lived, stored as the SHA-256 of the opaque value handed to the client. `token_version`
// is the user's security stamp at the password step: a password change, reset or logout-all since
// then voids it.
struct MfaChallenge {
  std::string challenge_hash;
  std::string user_id;
  int token_version = 0;
  TimePoint created_at{};
  TimePoint expires_at{};
  std::optional<TimePoint> used_at;

  bool Usable(TimePoint now) const { return !used_at && now < expires_at; }
};

// TotpStepAt returns the TOTP time step of `at`: whole periods since the Unix epoch (RFC 6238's T).
std::int64_t TotpStepAt(TimePoint at);

// AcceptableTotpSteps returns the steps whose codes a login at `now` accepts, the current one
// first: those within the skew and after `last_used_step`.
std::vector<std::int64_t> AcceptableTotpSteps(TimePoint now,
                                              std::optional<std::int64_t> last_used_step);

// NormaliseTotpCode returns a code as typed: spaces and hyphens removed; nullopt unless exactly
// kTotpDigits digits remain.
std::optional<std::string> NormaliseTotpCode(std::string_view typed);

// NormaliseRecoveryCode returns a recovery code as typed, in the form it was issued (lower case,
// groups of four characters joined by hyphens); nullopt when it cannot be one.
std::optional<std::string> NormaliseRecoveryCode(std::string_view typed);

// JoinAmr returns the session's `amr` as stored (space-separated) and as a list.
std::string JoinAmr(const std::vector<std::string>& amr);
std::vector<std::string> SplitAmr(std::string_view stored);

}  // namespace rampart::domain
