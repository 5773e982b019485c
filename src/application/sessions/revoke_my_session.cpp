#include "application/sessions/revoke_my_session.hpp"

namespace rampart::application {

domain::Result<void> Handle(const RevokeMySessionCommand& command, UseCaseContext& context) {
  const auto now = context.services.clock.Now();
  auto& uow = context.Uow();
  auto session = uow.Sessions().FindById(command.session_id);
  if (!session || session->user_id != context.Me().user_id || !session->IsActive(now)) {
    return domain::Fail(domain::Error::NotFound("No active session with this id."));
  }
  session->revoked_at = now;
  session->revoked_reason = "revoked";
  uow.Sessions().Update(*session);
  context.Audit(domain::audit::kSessionRevoked, "session", session->id);
  return {};
}

}  // namespace rampart::application
