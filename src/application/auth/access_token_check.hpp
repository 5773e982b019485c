#pragma once
// The check that makes revocation immediate: a verified access token is honoured only while its
// session is active and its `ver` equals the user's token version (bumped by logout-all,
// password change and password reset); a service account's token while the account is enabled
// with the same token version; an API key while it is live and its owner can act
// (auth/principal_access.hpp). Runs on every authenticated request, on the worker
// pool, so it is one small interface (dispatch/access_check.hpp): a caching decorator can wrap the
// database check. Check: kUnauthorized when the token was revoked (session ended, token version
// changed, user locked or deleted).
#include <memory>

#include "application/common/services.hpp"
#include "application/dispatch/access_check.hpp"
#include "application/ports/token_service.hpp"
#include "domain/errors.hpp"

namespace rampart::application {

// DatabaseAccessTokenCheck reads the state from the database on every call (one indexed join).
class DatabaseAccessTokenCheck final : public AccessTokenCheck {
 public:
  explicit DatabaseAccessTokenCheck(Services& services) : services_(services) {}
  domain::Result<void> Check(const AccessClaims& claims) override;

 private:
  Services& services_;
};

// CheckAccessState returns the decision itself, shared by every implementation (cached or not).
domain::Result<void> CheckAccessState(const std::optional<AccessState>& state,
                                      const AccessClaims& claims, domain::TimePoint now);

}  // namespace rampart::application
