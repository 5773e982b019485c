#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"

namespace rampart::application {

// OperatorResetPasswordCommand: `rampart admin reset-password`: the operator sets a user's password
// from the command line (an administrator locked out of their account, or a user without a working
// mailbox). Like a reset through the mailed token it revokes every session of the user, bumps the
// token version (access tokens issued before it stop working) and clears the brute-force lockout.
// Not reachable over HTTP.
struct OperatorResetPasswordCommand {
  struct Response {
    std::string user_id;
    int sessions_revoked = 0;
  };
  static constexpr std::string_view kName = "setup.reset_password";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // hashes before the write lock

  std::string email;
  std::string new_password;
};

// Handle: kNotFound for an address no live user has; kValidation (field `password`) when the
// password breaks the policy.
domain::Result<OperatorResetPasswordCommand::Response> Handle(
    const OperatorResetPasswordCommand& command, UseCaseContext& context);

}  // namespace rampart::application
