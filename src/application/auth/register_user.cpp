#include "application/auth/register_user.hpp"

#include "application/common/audit.hpp"
#include "application/users/user_rules.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

domain::Result<domain::User> RegisterUserHandler::Handle(const RegisterUserCommand& command,
                                                         const RequestContext& context) {
  auto fields = ValidateNewUser(services_.settings.password_policy, command.email,
                                command.password, command.display_name, "password");
  if (!fields) return domain::Fail(fields.error());

  // Hash before taking the write lock: Argon2 takes tens of milliseconds.
  const auto now = services_.clock.Now();
  domain::User user{.id = services_.random.NewUuid(),
                    .email = fields->email,
                    .display_name = fields->display_name,
                    .password_hash = services_.hasher.Hash(command.password)};
  user.created_at = now;
  user.updated_at = now;

  auto uow = services_.database.Begin(TransactionMode::kWrite);
  if (auto added = uow->Users().Add(user); !added) return domain::Fail(added.error());
  uow->Users().SetRoles(user.id, {std::string(domain::kUserRole)});
  uow->Audit().Append(MakeAuditEvent(services_, context, domain::audit::kUserRegistered, user.id,
                                     "user", user.id));
  uow->Commit();
  user.roles = {std::string(domain::kUserRole)};
  return user;
}

}  // namespace rampart::application
