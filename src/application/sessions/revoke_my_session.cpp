#include "application/sessions/revoke_my_session.hpp"

#include "application/common/audit.hpp"

namespace rampart::application {

domain::Result<void> RevokeMySessionHandler::Handle(const RevokeMySessionCommand& command,
                                                    const RequestContext& context) {
  const auto now = services_.clock.Now();
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  auto session = uow->Sessions().FindById(command.session_id);
  if (!session || session->user_id != command.principal.subject || !session->IsActive(now)) {
    return domain::Fail(domain::Error::NotFound("No active session with this id."));
  }
  session->revoked_at = now;
  session->revoked_reason = "revoked";
  uow->Sessions().Update(*session);
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kSessionRevoked,
                                     command.principal.subject, "session", session->id));
  uow->Commit();
  return {};
}

}  // namespace rampart::application
