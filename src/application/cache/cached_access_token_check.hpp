#pragma once
// The per-request token check (AccessTokenCheck) over the identity cache: the session and the
// user's token version come from the cache (filled from the database on a miss). A token the
// cached state would refuse is checked once more against the database, so that a stale entry
// can never refuse a token the database honours; a stale entry that would honour a revoked
// token is what invalidation on every write prevents (bounded by the TTL otherwise).
#include <optional>

#include "application/auth/access_token_check.hpp"
#include "application/cache/identity_cache.hpp"

namespace rampart::application {

// AccessStateOf returns the access state of a user and one of their sessions, as FindAccessState
// would read it.
AccessState AccessStateOf(const domain::User& user, const domain::Session& session);

// Honours returns whether the cached principal is the one `claims` name and still honours the
// token; false otherwise (the caller then asks the database).
bool Honours(const CachedPrincipal& principal, const AccessClaims& claims, domain::TimePoint now);

// HonouredUser returns the user behind `claims` when the cached principal still honours the token;
// nullopt otherwise (the caller then asks the database).
std::optional<domain::User> HonouredUser(const CachedPrincipal& principal,
                                         const AccessClaims& claims, domain::TimePoint now);

class CachedAccessTokenCheck final : public AccessTokenCheck {
 public:
  // CachedAccessTokenCheck: `services` and `cache` must outlive this.
  CachedAccessTokenCheck(Services& services, IdentityCache& cache)
      : services_(services), cache_(cache), database_check_(services) {}
  domain::Result<void> Check(const AccessClaims& claims) override;

 private:
  Services& services_;
  IdentityCache& cache_;
  DatabaseAccessTokenCheck database_check_;
};

}  // namespace rampart::application
