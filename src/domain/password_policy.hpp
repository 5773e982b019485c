#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "domain/email.hpp"

namespace rampart::domain {

// PasswordPolicy: NIST SP 800-63B style policy: length bounds counted in Unicode code points, no
// character-class rules. Lengths are configurable; defaults follow SPEC §3 (12..128). Rejects
// passwords on the bundled list of common/breached passwords (domain/common_passwords.hpp)
// and passwords containing the email address's local part.
struct PasswordPolicy {
  std::size_t min_length = 12;
  std::size_t max_length = 128;
  bool reject_common = true;

  // Check returns the field errors for `field` (empty when the password is acceptable). `email`,
  // when given, rejects passwords that contain the address's local part.
  std::vector<FieldError> Check(std::string_view password, std::string_view field,
                                const Email* email = nullptr) const;
};

}  // namespace rampart::domain
