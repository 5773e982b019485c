#include "application/users/change_password.hpp"

#include "application/common/audit.hpp"
#include "application/users/current_user.hpp"

namespace rampart::application {

domain::Result<void> ChangePasswordHandler::Handle(const ChangePasswordCommand& command,
                                                   const RequestContext& context) {
  std::vector<domain::FieldError> missing;
  if (command.current_password.empty()) {
    missing.push_back({"currentPassword", "Current password is required."});
  }
  if (command.new_password.empty()) missing.push_back({"newPassword", "New password is required."});
  if (!missing.empty()) return domain::Fail(domain::Error::Validation(std::move(missing)));

  auto user = [&] {
    auto uow = services_.database.Begin(TransactionMode::kRead);
    return LoadCurrentUser(*uow, command.principal, services_.clock.Now());
  }();
  if (!user) return domain::Fail(user.error());
  auto errors = services_.settings.password_policy.Check(command.new_password, "newPassword", &user->email);
  if (!services_.hasher.Verify(user->password_hash, command.current_password)) {
    errors.insert(errors.begin(), {"currentPassword", "Current password is incorrect."});
  }
  if (!errors.empty()) return domain::Fail(domain::Error::Validation(std::move(errors)));
  const auto new_hash = services_.hasher.Hash(command.new_password);

  auto uow = services_.database.Begin(TransactionMode::kWrite);
  const auto now = services_.clock.Now();
  auto fresh = LoadCurrentUser(*uow, command.principal, now);  // still valid after hashing?
  if (!fresh) return domain::Fail(fresh.error());
  fresh->password_hash = new_hash;
  fresh->token_version += 1;
  fresh->updated_at = now;
  if (auto updated = uow->Users().Update(*fresh); !updated) return domain::Fail(updated.error());
  uow->Sessions().RevokeAllForUser(fresh->id, now, "password_changed");
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kPasswordChanged, fresh->id,
                                     "user", fresh->id));
  uow->Commit();
  return {};
}

}  // namespace rampart::application
