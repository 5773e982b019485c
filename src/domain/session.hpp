#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace rampart::domain {

// Session is a login session. It owns one live refresh token at a time (stored only as a hash, in
// the refresh-token table); every refresh rotates it. Idle expiry slides with use, the absolute
// expiry never moves.
struct Session {
  std::string id;  // UUID; also the `sid` claim of access tokens
  std::string user_id;
  TimePoint created_at{};
  TimePoint last_used_at{};
  TimePoint idle_expires_at{};
  TimePoint absolute_expires_at{};
  std::optional<TimePoint> revoked_at;
  std::string revoked_reason;  // "logout", "reuse", "logout_all", ...
  std::string ip;
  std::string user_agent;
  // How the user signed in (RFC 8176 method references, domain/second_factor.hpp): carried by
  // every access token of the session as `amr`, also after refreshes.
  std::vector<std::string> amr{"pwd"};

  bool IsActive(TimePoint now) const {
    return !revoked_at && now < idle_expires_at && now < absolute_expires_at;
  }
};

// RefreshToken is one refresh token ever issued for a session. Only the SHA-256 of the opaque token
// is stored. A token that is presented again after it was spent proves theft: the session is
// revoked.
struct RefreshToken {
  std::string token_hash;
  std::string session_id;
  TimePoint issued_at{};
  std::optional<TimePoint> spent_at;
};

}  // namespace rampart::domain
