#include "application/auth/logout_all.hpp"

namespace rampart::application {

domain::Result<void> Handle(const LogoutAllCommand&, UseCaseContext& context) {
  const auto now = context.services.clock.Now();
  auto& uow = context.Uow();
  // Row lock: two concurrent token-version bumps (logout-all, a password change) both count.
  auto user = uow.Users().FindByIdForUpdate(context.Me().user_id);
  if (!user) return domain::Fail(domain::Error::Unauthorized("The access token has been revoked."));
  user->token_version += 1;
  user->updated_at = now;
  if (auto updated = uow.Users().Update(*user); !updated) return domain::Fail(updated.error());
  const int ended = uow.Sessions().RevokeAllForUser(user->id, now, "logout_all");
  context.Audit(domain::audit::kLogoutAll, "user", user->id,
                R"({"sessions":)" + std::to_string(ended) + "}");
  return {};
}

}  // namespace rampart::application
