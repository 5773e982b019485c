#include "application/users/update_me.hpp"

namespace rampart::application {

void Validate(const UpdateMeCommand& command, Validation& validation) {
  if (command.display_name) validation.Check(domain::ParseDisplayName(*command.display_name));
}

domain::Result<domain::User> Handle(const UpdateMeCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  // Read with the row lock: the whole row is written back, and a concurrent change of the same
  // user (an administrator's lock, a failed login) must not be overwritten by this stale copy.
  auto user = uow.Users().FindByIdForUpdate(context.Me().user_id);
  if (!user) return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  if (command.display_name) {
    auto display_name = *domain::ParseDisplayName(*command.display_name);
    if (display_name != user->display_name) {
      user->display_name = std::move(display_name);
      user->updated_at = context.services.clock.Now();
      if (auto updated = uow.Users().Update(*user); !updated) return domain::Fail(updated.error());
      context.Audit(domain::audit::kUserUpdated, "user", user->id, R"({"fields":["displayName"]})");
    }
  }
  return std::move(*user);
}

}  // namespace rampart::application
