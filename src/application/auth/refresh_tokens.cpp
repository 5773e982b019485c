#include "application/auth/refresh_tokens.hpp"

#include <algorithm>

#include "application/auth/session_tokens.hpp"
#include "application/common/audit.hpp"

namespace rampart::application {

namespace {
constexpr std::string_view kInvalid = "The refresh token is invalid or expired.";
}

domain::Result<TokenPair> RefreshTokensHandler::Handle(const RefreshTokensCommand& command,
                                                       const RequestContext& context) {
  if (command.refresh_token.empty()) {
    return domain::Fail(domain::Error::Validation({{"refreshToken", "Refresh token is required."}}));
  }
  const auto hash = services_.random.HashToken(command.refresh_token);
  const auto now = services_.clock.Now();
  const auto unauthorized = domain::Fail(domain::Error::Unauthorized(std::string(kInvalid)));

  auto uow = services_.database.Begin(TransactionMode::kWrite);
  auto token = uow->Sessions().FindRefreshToken(hash);
  if (!token) return unauthorized;
  auto session = uow->Sessions().FindById(token->session_id);
  if (!session) return unauthorized;

  // A spent token, or losing the race to spend it, means two parties hold it: revoke.
  if (token->spent_at || !uow->Sessions().SpendRefreshToken(hash, now)) {
    if (!session->revoked_at) {
      session->revoked_at = now;
      session->revoked_reason = "reuse";
      uow->Sessions().Update(*session);
      uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kRefreshReused, "",
                                         "session", session->id,
                                         R"({"userId":")" + session->user_id + "\"}"));
      uow->Commit();
    }
    return unauthorized;
  }
  if (!session->IsActive(now)) return unauthorized;
  auto user = uow->Users().FindById(session->user_id);
  if (!user || user->locked) return unauthorized;

  session->last_used_at = now;
  session->idle_expires_at =
      std::min(now + services_.settings.refresh_idle_ttl, session->absolute_expires_at);
  uow->Sessions().Update(*session);
  auto refresh_token = AddRefreshToken(services_, *uow, *session);
  auto tokens = MintTokens(services_, *uow, *user, *session, std::move(refresh_token));
  uow->Commit();
  return tokens;
}

}  // namespace rampart::application
