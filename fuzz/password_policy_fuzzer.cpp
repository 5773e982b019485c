// The password policy (domain/password_policy.hpp) over whatever a client sends as a password:
// length in code points (invalid UTF-8 included), the bundled common-password list, and the
// address's local part inside the password. Its verdict must not depend on anything but the
// input, and a refused password gets at least one field error naming the field.
//
// Input: "<email>\n<password>"; without a newline, the whole input is the password.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/email.hpp"
#include "domain/password_policy.hpp"
#include "fuzz_check.hpp"

using namespace rampart;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view password =
      newline == std::string_view::npos ? input : input.substr(newline + 1);
  const auto email = newline == std::string_view::npos
                         ? domain::Result<domain::Email>(std::unexpected(domain::Error{}))
                         : domain::Email::Parse(input.substr(0, newline));

  static const domain::PasswordPolicy policy;
  const auto errors = policy.Check(password, "password", email ? &*email : nullptr);
  for (const auto& error : errors) {
    FUZZ_CHECK(error.field == "password");
    FUZZ_CHECK(!error.message.empty());
    // The message explains the rule; it never quotes the password (a password short enough to
    // be a part of the message itself proves nothing).
    FUZZ_CHECK(password.size() < 80 || error.message.find(password) == std::string::npos);
  }
  // Deterministic: the same password gets the same verdict.
  FUZZ_CHECK(policy.Check(password, "password", email ? &*email : nullptr).size() == errors.size());
  // Without the address the policy can only be more lenient.
  FUZZ_CHECK(policy.Check(password, "password").size() <= errors.size());

  static const domain::PasswordPolicy lenient{.min_length = 1, .max_length = 4096, .reject_common = false};
  (void)lenient.Check(password, "password");
  return 0;
}
