#include "application/users/delete_user.hpp"

#include "application/users/get_user.hpp"
#include "application/users/user_rules.hpp"

namespace rampart::application {

domain::Result<void> Handle(const DeleteUserCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  if (auto kept = KeepAnActiveAdministrator(uow.Users(), *user); !kept) {
    return domain::Fail(kept.error());
  }
  const auto now = context.services.clock.Now();
  if (!uow.Users().SoftDelete(user->id, now)) {
    return domain::Fail(domain::Error::NotFound("No user with this id."));
  }
  const int revoked = uow.Sessions().RevokeAllForUser(user->id, now, "user_deleted");
  context.Audit(domain::audit::kUserDeleted, "user", user->id,
                R"({"sessionsRevoked":)" + std::to_string(revoked) + "}");
  return {};
}

}  // namespace rampart::application
