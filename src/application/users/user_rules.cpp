#include "application/users/user_rules.hpp"

#include <algorithm>

#include "application/common/email_input.hpp"
#include "application/common/password_rules.hpp"
#include "domain/permission.hpp"
#include "domain/user.hpp"

namespace rampart::application {

domain::Result<ValidNewUser> ValidateNewUser(const Services& services, std::string_view email,
                                             std::string_view password,
                                             std::string_view display_name,
                                             std::string_view password_field) {
  std::vector<domain::FieldError> errors;
  auto parsed_email = ParseEmail(services, email);
  if (!parsed_email) {
    errors.insert(errors.end(), parsed_email.error().fields.begin(),
                  parsed_email.error().fields.end());
  }
  auto password_errors = CheckNewPassword(
      services, password, password_field,
      {.email = parsed_email ? &*parsed_email : nullptr, .display_name = display_name});
  errors.insert(errors.end(), password_errors.begin(), password_errors.end());
  auto name = domain::ParseDisplayName(display_name);
  if (!name) errors.insert(errors.end(), name.error().fields.begin(), name.error().fields.end());
  if (!errors.empty()) return domain::Fail(domain::Error::Validation(std::move(errors)));
  return ValidNewUser{*parsed_email, *name};
}

bool HoldsAdminRole(const std::vector<std::string>& roles) {
  return std::find(roles.begin(), roles.end(), domain::kAdminRole) != roles.end();
}

domain::Result<void> KeepAnActiveAdministrator(UserRepository& users, const domain::User& target) {
  if (target.locked || !HoldsAdminRole(target.roles)) return {};  // not an active administrator
  if (users.CountActiveWithRoleForUpdate(domain::kAdminRole) > 1) return {};
  return domain::Fail(domain::Error::Conflict(
      "This is the last administrator who can sign in: give another user the admin role first."));
}

}  // namespace rampart::application
