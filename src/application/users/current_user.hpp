#pragma once
#include "application/ports/token_service.hpp"
#include "application/ports/unit_of_work.hpp"
#include "domain/time.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// The user behind a verified access token — but only while the token is still honoured: the
// user exists and is not locked, the token's `ver` equals the user's token version (bumped by
// password change / logout-all), and its session has not been revoked or expired.
domain::Result<domain::User> LoadCurrentUser(UnitOfWork& uow, const AccessClaims& claims,
                                             domain::TimePoint now);

}  // namespace rampart::application
