#include "application/users/update_me.hpp"

#include "application/common/audit.hpp"
#include "application/users/current_user.hpp"

namespace rampart::application {

domain::Result<domain::User> UpdateMeHandler::Handle(const UpdateMeCommand& command,
                                                     const RequestContext& context) {
  std::optional<std::string> display_name;
  if (command.display_name) {
    auto parsed = domain::ParseDisplayName(*command.display_name);
    if (!parsed) return domain::Fail(parsed.error());
    display_name = std::move(*parsed);
  }
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  auto user = LoadCurrentUser(*uow, command.principal, services_.clock.Now());
  if (!user) return user;
  if (display_name && *display_name != user->display_name) {
    user->display_name = *display_name;
    user->updated_at = services_.clock.Now();
    if (auto updated = uow->Users().Update(*user); !updated) return domain::Fail(updated.error());
    uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kUserUpdated, user->id,
                                       "user", user->id, R"({"fields":["displayName"]})"));
    uow->Commit();
  }
  return user;
}

}  // namespace rampart::application
