#include "application/auth/refresh_tokens.hpp"

#include <algorithm>

#include "application/auth/session_tokens.hpp"

namespace rampart::application {

namespace {
constexpr std::string_view kInvalid = "The refresh token is invalid or expired.";
}

void Validate(const RefreshTokensCommand& command, Validation& validation) {
  validation.Required(command.refresh_token, "refreshToken", "Refresh token");
}

domain::Result<TokenPair> Handle(const RefreshTokensCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  auto& uow = context.Uow();
  const auto hash = services.random.HashToken(command.refresh_token);
  const auto now = services.clock.Now();
  const auto unauthorized = domain::Fail(domain::Error::Unauthorized(std::string(kInvalid)));

  auto token = uow.Sessions().FindRefreshToken(hash);
  if (!token) return unauthorized;
  auto session = uow.Sessions().FindById(token->session_id);
  if (!session) return unauthorized;

  // A spent token, or losing the race to spend it, means two parties hold it: revoke.
  if (token->spent_at || !uow.Sessions().SpendRefreshToken(hash, now)) {
    if (!session->revoked_at) {
      session->revoked_at = now;
      session->revoked_reason = "reuse";
      uow.Sessions().Update(*session);
      context.AuditAs("", domain::audit::kRefreshReused, "session", session->id,
                      R"({"userId":")" + session->user_id + "\"}");
      context.Commit();  // the revocation stands although the command fails
    }
    return unauthorized;
  }
  if (!session->IsActive(now)) return unauthorized;
  auto user = uow.Users().FindById(session->user_id);
  if (!user || user->locked) return unauthorized;

  session->last_used_at = now;
  session->idle_expires_at =
      std::min(now + services.settings.refresh_idle_ttl, session->absolute_expires_at);
  uow.Sessions().Update(*session);
  auto refresh_token = AddRefreshToken(services, uow, *session);
  return MintTokens(services, uow, *user, *session, std::move(refresh_token));
}

}  // namespace rampart::application
