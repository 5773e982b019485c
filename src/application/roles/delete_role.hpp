#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

// DeleteRoleCommand: DELETE /api/v1/roles/{id} — deletes a custom role and takes it from every user
// who held it (their next request no longer has its permissions). Built-in roles cannot be deleted
// (409); nor can a role carrying a permission the caller lacks (403, dispatch/no_escalation.hpp).
struct DeleteRoleCommand {
  using Response = void;
  static constexpr std::string_view kName = "roles.delete";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kRolesManage);
  static constexpr Transaction kTransaction = Transaction::kWrite;

  std::string role_id;
};

domain::Result<void> Handle(const DeleteRoleCommand& command, UseCaseContext& context);

}  // namespace rampart::application
