#include "domain/password_policy.hpp"

#include <algorithm>
#include <cctype>

#include <string>

#include "domain/common_passwords.hpp"
#include "domain/utf8.hpp"

namespace rampart::domain {

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

std::vector<FieldError> PasswordPolicy::Check(std::string_view password, std::string_view field,
                                              const Email* email) const {
  std::vector<FieldError> errors;
  const auto length = Utf8Length(password);
  if (!length) {
    errors.push_back({std::string(field), "Password must be valid UTF-8."});
    return errors;
  }
  if (*length == 0) {
    errors.push_back({std::string(field), "Password is required."});
  } else if (*length < min_length) {
    errors.push_back({std::string(field),
                      "Password must be at least " + std::to_string(min_length) + " characters."});
  } else if (*length > max_length) {
    errors.push_back({std::string(field),
                      "Password must be at most " + std::to_string(max_length) + " characters."});
  }
  if (reject_common && IsCommonPassword(password)) {
    errors.push_back({std::string(field),
                      "This password is too common: it appears in lists of breached passwords."});
  }
  if (email != nullptr && email->LocalPart().size() >= 3 &&
      Lower(password).find(email->LocalPart()) != std::string::npos) {
    errors.push_back({std::string(field), "Password must not contain your email address."});
  }
  return errors;
}

}  // namespace rampart::domain
