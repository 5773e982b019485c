#include "application/users/get_me.hpp"

#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
#include "application/users/current_user.hpp"

namespace rampart::application {

domain::Result<domain::User> GetMeHandler::Handle(const GetMeQuery& query) {
  if (auto* cache = services_.identity_cache) {
    const auto& claims = query.principal;
    auto session = cache->Session(services_.database, claims.session_id);
    auto user = session ? cache->User(services_.database, claims.subject) : std::nullopt;
    if (session && user) {
      if (auto honoured = HonouredUser({std::move(*user), std::move(*session)}, claims,
                                       services_.clock.Now())) {
        return std::move(*honoured);
      }
    }
    // Not cached, or the cached state refuses the token: the database decides.
  }
  auto uow = services_.database.Begin(TransactionMode::kRead);
  return LoadCurrentUser(*uow, query.principal, services_.clock.Now());
}

}  // namespace rampart::application
