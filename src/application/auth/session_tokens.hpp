#pragma once
// Shared by login and refresh: opening a session with its first refresh token, and minting the
// access token that goes with it.
#include <string>
#include <vector>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "application/common/token_pair.hpp"
#include "domain/session.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// OpenSession creates a session for `user` and its first refresh token inside `uow` (not
// committed), signed in by `amr` (RFC 8176; the password alone by default). Returns the session;
// `refresh_token` receives the opaque token (only its hash is stored).
domain::Session OpenSession(Services& services, UnitOfWork& uow, const domain::User& user,
                            const RequestContext& context, std::string& refresh_token,
                            std::vector<std::string> amr = {"pwd"});

// AddRefreshToken issues a new refresh token for `session` inside `uow` and returns the opaque
// token.
std::string AddRefreshToken(Services& services, UnitOfWork& uow, const domain::Session& session);

// MintTokens signs an access token for `user` in `session` with the user's current permissions.
TokenPair MintTokens(Services& services, UnitOfWork& uow, const domain::User& user,
                     const domain::Session& session, std::string refresh_token);

}  // namespace rampart::application
