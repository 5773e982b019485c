#include "application/auth/logout_all.hpp"

#include "application/common/audit.hpp"
#include "application/users/current_user.hpp"

namespace rampart::application {

domain::Result<void> LogoutAllHandler::Handle(const LogoutAllCommand& command,
                                              const RequestContext& context) {
  const auto now = services_.clock.Now();
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  auto user = LoadCurrentUser(*uow, command.principal, now);
  if (!user) return domain::Fail(user.error());
  user->token_version += 1;
  user->updated_at = now;
  if (auto updated = uow->Users().Update(*user); !updated) return domain::Fail(updated.error());
  const int ended = uow->Sessions().RevokeAllForUser(user->id, now, "logout_all");
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kLogoutAll, user->id,
                                     "user", user->id,
                                     R"({"sessions":)" + std::to_string(ended) + "}"));
  uow->Commit();
  return {};
}

}  // namespace rampart::application
