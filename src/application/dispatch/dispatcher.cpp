#include "application/dispatch/dispatcher.hpp"

namespace rampart::application {

domain::Result<std::optional<Actor>> Dispatcher::Authorize(Requirement requirement,
                                                           const Caller& caller) {
  UseCaseContext context(services_, caller);
  if (auto allowed = application::Authorize(requirement, context, access_check_); !allowed) {
    return domain::Fail(allowed.error());
  }
  if (!context.HasActor()) return std::optional<Actor>{};
  return std::optional<Actor>{context.Me()};
}

}  // namespace rampart::application
