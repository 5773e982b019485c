#include "application/auth/logout.hpp"

#include "application/common/audit.hpp"

namespace rampart::application {

domain::Result<void> LogoutHandler::Handle(const LogoutCommand& command,
                                           const RequestContext& context) {
  if (command.refresh_token.empty()) {
    return domain::Fail(domain::Error::Validation({{"refreshToken", "Refresh token is required."}}));
  }
  const auto hash = services_.random.HashToken(command.refresh_token);
  auto uow = services_.database.Begin(TransactionMode::kWrite);
  auto token = uow->Sessions().FindRefreshToken(hash);
  if (!token) return {};
  auto session = uow->Sessions().FindById(token->session_id);
  if (!session || session->revoked_at) return {};
  session->revoked_at = services_.clock.Now();
  session->revoked_reason = "logout";
  uow->Sessions().Update(*session);
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kLogout, session->user_id,
                                     "session", session->id));
  uow->Commit();
  return {};
}

}  // namespace rampart::application
