#include "application/auth/access_token_check.hpp"

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
  return CheckAccessState(uow->Sessions().FindAccessState(claims.session_id), claims,
                          services_.clock.Now());
}

}  // namespace rampart::application
