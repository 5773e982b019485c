#include "application/cache/cached_access_token_check.hpp"

#include "application/auth/principal_access.hpp"

namespace rampart::application {

AccessState AccessStateOf(const domain::User& user, const domain::Session& session) {
  return AccessState{.user_id = session.user_id,
                     .token_version = session.user_id == user.id ? user.token_version : -1,
                     .user_locked = user.locked,
                     .session_revoked_at = session.revoked_at,
                     .session_idle_expires_at = session.idle_expires_at,
                     .session_absolute_expires_at = session.absolute_expires_at};
}

bool Honours(const CachedPrincipal& principal, const AccessClaims& claims, domain::TimePoint now) {
  return principal.user.id == claims.subject && principal.session.id == claims.session_id &&
         CheckAccessState(AccessStateOf(principal.user, principal.session), claims, now);
}

std::optional<domain::User> HonouredUser(const CachedPrincipal& principal,
                                         const AccessClaims& claims, domain::TimePoint now) {
  if (!Honours(principal, claims, now)) return std::nullopt;
  return principal.user;
}

domain::Result<void> CachedAccessTokenCheck::Check(const AccessClaims& claims) {
  // Service accounts and API keys: the cached state decides when it honours the credential;
  // a refusal is decided again on the database (a stale entry never refuses what it honours).
  const bool account = claims.kind == domain::PrincipalKind::kServiceAccount;
  if (!claims.api_key_id.empty()) {
    const auto key = cache_.ApiKey(services_.database, claims.api_key_id);
    const bool owner_active =
        key &&
        (account ? ServiceAccountCanAct(cache_.ServiceAccount(services_.database, key->owner_id))
                 : UserCanAct(cache_.User(services_.database, key->owner_id)));
    if (CheckApiKey(key, owner_active, claims, services_.clock.Now())) return {};
    return database_check_.Check(claims);
  }
  if (account) {
    if (CheckServiceAccountToken(cache_.ServiceAccount(services_.database, claims.subject),
                                 claims)) {
      return {};
    }
    return database_check_.Check(claims);
  }
  auto session = cache_.Session(services_.database, claims.session_id);
  auto user = session ? cache_.User(services_.database, claims.subject) : std::nullopt;
  if (session && user &&
      Honours({std::move(*user), std::move(*session)}, claims, services_.clock.Now())) {
    return {};
  }
  return database_check_.Check(claims);
}

}  // namespace rampart::application
