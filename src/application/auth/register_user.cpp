#include "application/auth/register_user.hpp"

#include "application/auth/mail_tokens.hpp"
#include "application/common/email_input.hpp"
#include "application/users/user_rules.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

void Validate(const RegisterUserCommand& command, Validation& validation) {
  validation.Check(ValidateNewUser(validation.services, command.email, command.password,
                                   command.display_name, "password"));
}

domain::Result<domain::User> Handle(const RegisterUserCommand& command, UseCaseContext& context) {
  auto& services = context.services;
  // Hash before taking the write lock: Argon2 takes tens of milliseconds.
  const auto now = services.clock.Now();
  domain::User user{.id = services.random.NewUuid(),
                    .email = *ParseEmail(services, command.email),
                    .display_name = *domain::ParseDisplayName(command.display_name),
                    .password_hash = services.hasher.Hash(command.password)};
  user.created_at = now;
  user.updated_at = now;

  context.Begin(TransactionMode::kWrite);
  auto& uow = context.Uow();
  if (auto added = uow.Users().Add(user); !added) return domain::Fail(added.error());
  uow.Users().SetRoles(user.id, {std::string(domain::kUserRole)});
  // The new user is the actor of their own registration, which the business counters count.
  context.AuditAs(user.id, domain::audit::kUserCreated, "user", user.id,
                  R"({"via":"registration","roles":["user"]})", BusinessEvent::kRegistration);
  // The verification mail: in the outbox of this same transaction.
  const auto token = IssueOneTimeToken(context, user, kVerifyEmailPurpose,
                                       services.settings.mail.verify_email_ttl);
  EnqueueVerificationMail(context, user, token);
  context.Commit();
  user.roles = {std::string(domain::kUserRole)};
  return user;
}

}  // namespace rampart::application
