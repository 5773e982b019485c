#include "application/users/update_user.hpp"

#include "application/common/audit.hpp"
#include "application/common/email_input.hpp"
#include "application/users/get_user.hpp"

namespace rampart::application {

void Validate(const UpdateUserCommand& command, Validation& validation) {
  if (command.display_name) validation.Check(domain::ParseDisplayName(*command.display_name));
  if (command.email) validation.Check(ParseEmail(validation.services, *command.email));
}

domain::Result<domain::User> Handle(const UpdateUserCommand& command, UseCaseContext& context) {
  auto& uow = context.Uow();
  auto user = FindManageableUser(context, command.user_id);
  if (!user) return domain::Fail(user.error());
  std::vector<std::string> fields;
  if (command.display_name) {
    auto display_name = *domain::ParseDisplayName(*command.display_name);
    if (display_name != user->display_name) {
      user->display_name = std::move(display_name);
      fields.emplace_back("displayName");
    }
  }
  if (command.email) {
    auto email = *ParseEmail(context.services, *command.email);
    if (email.value() != user->email.value()) {
      user->email = std::move(email);
      fields.emplace_back("email");
      // Nobody has shown they read mail at the new address yet.
      if (!command.email_verified && user->email_verified) {
        user->email_verified = false;
        fields.emplace_back("emailVerified");
      }
    }
  }
  if (command.email_verified && *command.email_verified != user->email_verified) {
    user->email_verified = *command.email_verified;
    fields.emplace_back("emailVerified");
  }
  if (!fields.empty()) {
    user->updated_at = context.services.clock.Now();
    if (auto updated = uow.Users().Update(*user); !updated) return domain::Fail(updated.error());
    context.Audit(domain::audit::kUserUpdated, "user", user->id,
                  R"({"fields":)" + JsonStringArray(fields) + "}");
  }
  user->password_hash.clear();
  return user;
}

}  // namespace rampart::application
