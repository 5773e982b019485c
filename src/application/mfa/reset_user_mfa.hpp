#pragma once
// DELETE /api/v1/users/{id}/mfa — an administrator removes a user's second factor (a lost phone
// and lost recovery codes): the TOTP secret, confirmed or not, and the recovery codes go, and
// every session of the user ends (whoever holds one may be the reason for the reset). The user
// signs in with the password alone again and may enrol anew. Requires `mfa.manage` and follows
// the no-escalation rule (a user holding a permission the caller lacks is 403). Audited as
// `user.mfa.reset`.
#include <string>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

struct ResetUserMfaCommand {
  using Response = int;  // how many sessions ended
  static constexpr std::string_view kName = "mfa.reset_user";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kMfaManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
};

// Handle: kNotFound for an unknown or deleted user, and for a user without a second factor.
domain::Result<int> Handle(const ResetUserMfaCommand& command, UseCaseContext& context);

}  // namespace rampart::application
