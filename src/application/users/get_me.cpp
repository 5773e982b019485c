#include "application/users/get_me.hpp"

#include "application/cache/identity_cache.hpp"

namespace rampart::application {

domain::Result<domain::User> Handle(const GetMeQuery&, UseCaseContext& context) {
  auto& services = context.services;
  const auto& user_id = context.Me().user_id;
  auto user = [&]() -> std::optional<domain::User> {
    if (services.identity_cache) return services.identity_cache->User(services.database, user_id);
    auto snapshot = services.database.Begin(TransactionMode::kRead);
    return snapshot->Users().FindById(user_id);
  }();
  if (!user) return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  return std::move(*user);
}

}  // namespace rampart::application
