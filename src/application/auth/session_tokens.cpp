#include "application/auth/session_tokens.hpp"

#include <algorithm>

namespace rampart::application {

std::string AddRefreshToken(Services& services, UnitOfWork& uow, const domain::Session& session) {
  std::string token = services.random.NewOpaqueToken();
  domain::RefreshToken record;
  record.token_hash = services.random.HashToken(token);
  record.session_id = session.id;
  record.issued_at = services.clock.Now();
  uow.Sessions().AddRefreshToken(record);
  return token;
}

domain::Session OpenSession(Services& services, UnitOfWork& uow, const domain::User& user,
                            const RequestContext& context, std::string& refresh_token,
                            std::vector<std::string> amr) {
  const auto now = services.clock.Now();
  domain::Session session;
  session.id = services.random.NewUuid();
  session.user_id = user.id;
  session.created_at = now;
  session.last_used_at = now;
  session.absolute_expires_at = now + services.settings.session_max_lifetime;
  session.idle_expires_at =
      std::min(now + services.settings.refresh_idle_ttl, session.absolute_expires_at);
  session.ip = context.ip;
  session.user_agent = context.user_agent.substr(0, 512);
  session.amr = std::move(amr);
  uow.Sessions().Add(session);
  refresh_token = AddRefreshToken(services, uow, session);
  return session;
}

TokenPair MintTokens(Services& services, UnitOfWork& uow, const domain::User& user,
                     const domain::Session& session, std::string refresh_token) {
  AccessClaims claims;
  claims.subject = user.id;
  claims.session_id = session.id;
  claims.token_version = user.token_version;
  claims.roles = user.roles;
  claims.permissions = uow.Users().PermissionsOf(user.id);
  claims.amr = session.amr;
  auto issued = services.tokens.Issue(claims);
  return TokenPair{std::move(issued.token), std::move(refresh_token), issued.expires_in};
}

}  // namespace rampart::application
