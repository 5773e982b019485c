#pragma once
// Rows a unit of work read ahead of the call that asks for them, to save round trips.
#include <optional>
#include <string>
#include <vector>

#include "domain/session.hpp"
#include "domain/user.hpp"

namespace rampart::infrastructure::postgres {

// PgReadAhead: what the refresh token look-up (PgSessionRepository::FindRefreshToken) reads in the
// same statement: the token's session, its live user with role names, and that user's permissions —
// the rows a refresh asks for next (three round trips fewer). Each is served at most once, by the
// matching id, and forgotten as soon as this unit of work writes anything that could change it, so
// a caller never sees a row older than its own writes. It is as of the look-up's statement (READ
// COMMITTED: a later statement could see a change committed in between, as if the look-ups had
// simply run in a different order).
struct PgReadAhead {
  std::optional<domain::Session> session;
  std::optional<domain::User> user;
  std::optional<std::vector<std::string>> permissions;  // of the user permissions_user_id
  std::string permissions_user_id;

  void ForgetSession() { session.reset(); }
  void ForgetUser() {
    user.reset();
    permissions.reset();
  }
};

}  // namespace rampart::infrastructure::postgres
