#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// LockUserCommand: POST /api/v1/users/{id}/lock — an administrator locks an account: it cannot sign
// in, its sessions are revoked and its access tokens stop working at once (unlocking does not bring
// the sessions back). Locking the last administrator who can sign in is refused (409). Locking a
// locked account changes nothing.
struct LockUserCommand {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.lock";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kUsersWrite);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
};

// UnlockUserCommand: POST /api/v1/users/{id}/unlock — lifts an administrator's lock and clears the
// brute-force lockout (failed-login counter and lock period).
struct UnlockUserCommand {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.unlock";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kUsersWrite);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string user_id;
};

domain::Result<domain::User> Handle(const LockUserCommand& command, UseCaseContext& context);
domain::Result<domain::User> Handle(const UnlockUserCommand& command, UseCaseContext& context);

}  // namespace rampart::application
