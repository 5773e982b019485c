#include "application/users/current_user.hpp"

namespace rampart::application {

domain::Result<domain::User> LoadCurrentUser(UnitOfWork& uow, const AccessClaims& claims,
                                             domain::TimePoint now) {
  const auto revoked = domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  auto user = uow.Users().FindById(claims.subject);
  if (!user || user->locked || user->token_version != claims.token_version) return revoked;
  auto session = uow.Sessions().FindById(claims.session_id);
  if (!session || session->user_id != user->id || !session->IsActive(now)) return revoked;
  return std::move(*user);
}

}  // namespace rampart::application
