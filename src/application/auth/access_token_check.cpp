#include "application/auth/access_token_check.hpp"

#include "application/auth/principal_access.hpp"

namespace rampart::application {

domain::Result<void> CheckAccessState(const std::optional<AccessState>& state,
                                      const AccessClaims& claims, domain::TimePoint now) {
  const bool honoured = state && state->user_id == claims.subject && !state->user_locked &&
                        state->token_version == claims.token_version &&
                        !state->session_revoked_at && now < state->session_idle_expires_at &&
                        now < state->session_absolute_expires_at;
  if (!honoured) {
    return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  }
  return {};
}

domain::Result<void> DatabaseAccessTokenCheck::Check(const AccessClaims& claims) {
  auto uow = services_.database.Begin(TransactionMode::kRead);
  const auto now = services_.clock.Now();
  const bool account = claims.kind == domain::PrincipalKind::kServiceAccount;
  if (!claims.api_key_id.empty()) {
    const auto key = uow->ApiKeys().FindById(claims.api_key_id);
    const bool owner_active =
        key && (account ? ServiceAccountCanAct(uow->ServiceAccounts().FindById(key->owner_id))
                        : UserCanAct(uow->Users().FindById(key->owner_id)));
    return CheckApiKey(key, owner_active, claims, now);
  }
  if (account) {
    return CheckServiceAccountToken(uow->ServiceAccounts().FindById(claims.subject), claims);
  }
  return CheckAccessState(uow->Sessions().FindAccessState(claims.session_id), claims, now);
}

}  // namespace rampart::application
