#include "application/auth/logout.hpp"

namespace rampart::application {

void Validate(const LogoutCommand& command, Validation& validation) {
  validation.Required(command.refresh_token, "refreshToken", "Refresh token");
}

domain::Result<void> Handle(const LogoutCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  const auto hash = context.services.random.HashToken(command.refresh_token);
  auto token = uow.Sessions().FindRefreshToken(hash);
  if (!token) return {};
  auto session = uow.Sessions().FindById(token->session_id);
  if (!session || session->revoked_at) return {};
  session->revoked_at = context.services.clock.Now();
  session->revoked_reason = "logout";
  uow.Sessions().Update(*session);
  context.AuditAs(session->user_id, domain::audit::kLogout, "session", session->id);
  return {};
}

}  // namespace rampart::application
