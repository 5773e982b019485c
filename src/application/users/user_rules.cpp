#include "application/users/user_rules.hpp"

#include "domain/user.hpp"

namespace rampart::application {

domain::Result<ValidNewUser> ValidateNewUser(const domain::PasswordPolicy& policy,
                                             std::string_view email, std::string_view password,
                                             std::string_view display_name,
                                             std::string_view password_field) {
  std::vector<domain::FieldError> errors;
  auto parsed_email = domain::Email::Parse(email);
  if (!parsed_email) {
    errors.insert(errors.end(), parsed_email.error().fields.begin(),
                  parsed_email.error().fields.end());
  }
  auto password_errors =
      policy.Check(password, password_field, parsed_email ? &*parsed_email : nullptr);
  errors.insert(errors.end(), password_errors.begin(), password_errors.end());
  auto name = domain::ParseDisplayName(display_name);
  if (!name) errors.insert(errors.end(), name.error().fields.begin(), name.error().fields.end());
  if (!errors.empty()) return domain::Fail(domain::Error::Validation(std::move(errors)));
  return ValidNewUser{*parsed_email, *name};
}

}  // namespace rampart::application
