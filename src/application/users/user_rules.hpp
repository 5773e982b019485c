#pragma once
// Validation shared by every use case that creates a user (sign-up, admin create, bootstrap).
#include <string>
#include <string_view>

#include "domain/email.hpp"
#include "domain/errors.hpp"
#include "domain/password_policy.hpp"

namespace rampart::application {

struct ValidNewUser {
  domain::Email email;
  std::string display_name;
};

// All field errors at once (email, `password_field`, displayName), not just the first.
domain::Result<ValidNewUser> ValidateNewUser(const domain::PasswordPolicy& policy,
                                             std::string_view email, std::string_view password,
                                             std::string_view display_name,
                                             std::string_view password_field);

}  // namespace rampart::application
