#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

// ChangePasswordCommand: POST /api/v1/users/me/password — requires the current password. On success
// the user's token version is bumped and every session revoked: all tokens issued before stop
// working, so a thief holding a stolen session is locked out too. The client logs in again. A wrong
// current password counts toward the lockout like a failed login (the same counter): the failure
// that locks the account answers 429 `locked` and ends every session of the user; while locked out
// the command answers 429 without looking at the password.
struct ChangePasswordCommand {
  using Response = void;
  static constexpr std::string_view kName = "users.me.change_password";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // Argon2 outside the lock

  std::string current_password;
  std::string new_password;
};

void Validate(const ChangePasswordCommand& command, Validation& validation);
domain::Result<void> Handle(const ChangePasswordCommand& command, UseCaseContext& context);

}  // namespace rampart::application
