#pragma once
// The one check of a new password, wherever one is set (sign-up, administrator create, password
// change, reset, the admin CLI, the seeded administrator): the domain's policy (length, the
// breached list, not the e-mail address) and, when configured, the strength estimate
// (ports/password_strength.hpp) with the account's own words as context.
#include <string>
#include <string_view>
#include <vector>

#include "application/common/services.hpp"
#include "domain/email.hpp"
#include "domain/errors.hpp"

namespace rampart::application {

// PasswordOwner: whose password it is: what an attacker guessing it would try first.
struct PasswordOwner {
  const domain::Email* email = nullptr;  // null when the address itself is invalid
  std::string_view display_name;
};

// CheckNewPassword: field errors for `field` (empty when the password is acceptable). The estimate
// runs only on a password the policy accepts, and its refusal says why in words (the estimator's
// feedback), never quoting the password.
std::vector<domain::FieldError> CheckNewPassword(const Services& services,
                                                 std::string_view password,
                                                 std::string_view field, PasswordOwner owner);

// PasswordContextWords returns the context words for `owner`: the whole address, its local part and
// domain labels split at punctuation, the display name's words, and
// AuthSettings::password_context_words. Lower case, at least three characters each, distinct.
std::vector<std::string> PasswordContextWords(const Services& services, PasswordOwner owner);

}  // namespace rampart::application
