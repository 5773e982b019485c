#include "application/users/create_user.hpp"

#include <algorithm>

#include "application/common/audit.hpp"
#include "application/common/email_input.hpp"
#include "application/dispatch/no_escalation.hpp"
#include "application/users/user_roles.hpp"
#include "application/users/user_rules.hpp"

namespace rampart::application {

namespace {

std::vector<std::string> RolesOf(const CreateUserCommand& command) {
  return NormalizeRoleNames(command.roles.value_or(std::vector{std::string(domain::kUserRole)}));
}

}  // namespace

void Validate(const CreateUserCommand& command, Validation& validation) {
  validation.Check(ValidateNewUser(validation.services, command.email, command.password,
                                   command.display_name, "password"));
  if (command.roles) ValidateRoleNames(*command.roles, validation);
}

domain::Result<domain::User> Handle(const CreateUserCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  const auto roles = RolesOf(command);
  if (roles != std::vector{std::string(domain::kUserRole)} && context.HasActor() &&
      !context.Me().Has(domain::permissions::kRolesManage)) {
    return domain::Fail(domain::Error::Forbidden(
        "Creating a user with roles other than `user` requires the roles.manage permission."));
  }
  // Hash before taking the write lock: Argon2 takes tens of milliseconds.
  const auto now = services.clock.Now();
  domain::User user{.id = services.random.NewUuid(),
                    .email = *ParseEmail(services, command.email),
                    .display_name = *domain::ParseDisplayName(command.display_name),
                    .password_hash = services.hasher.Hash(command.password),
                    .email_verified = command.email_verified};
  user.created_at = now;
  user.updated_at = now;

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  auto granted = LockRoles(uow, roles);
  if (!granted) return domain::Fail(granted.error());
  // No escalation: the roles, the default `user` included, may carry only permissions the
  // caller holds.
  if (auto allowed = RequireMayGrantRoles(context, *granted); !allowed) {
    return domain::Fail(allowed.error());
  }
  if (auto added = uow.Users().Add(user); !added) return domain::Fail(added.error());
  uow.Users().SetRoles(user.id, roles);
  context.Audit(domain::audit::kUserCreated, "user", user.id,
                R"({"via":"admin","roles":)" + JsonStringArray(roles) + "}");
  context.Commit();
  user.roles = roles;
  user.password_hash.clear();
  return user;
}

}  // namespace rampart::application
