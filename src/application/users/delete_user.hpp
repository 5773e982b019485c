#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

// DeleteUserCommand: DELETE /api/v1/users/{id} — soft delete: the account can no longer sign in,
// its sessions are revoked and its access tokens stop working at once; the row stays for the audit
// trail and its e-mail address is free for a new account. The last administrator who can sign in
// cannot be deleted (409).
struct DeleteUserCommand {
  using Response = void;
  static constexpr std::string_view kName = "users.delete";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kUsersDelete);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
};

domain::Result<void> Handle(const DeleteUserCommand& command, UseCaseContext& context);

}  // namespace rampart::application
