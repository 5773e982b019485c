#pragma once
#include <string>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// GetUserQuery: GET /api/v1/users/{id} — one live user (always from the database: an administrator
// sees the current state, not a cached one).
struct GetUserQuery {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.get";
  static constexpr Requirement kRequires = Requirement::Permission(domain::permissions::kUsersRead);
  static constexpr Transaction kTransaction = Transaction::kRead;

  std::string user_id;
};

// Handle: kNotFound for an unknown, malformed or deleted id.
domain::Result<domain::User> Handle(const GetUserQuery& query, UseCaseContext& context);

// FindUserOrNotFound returns the live user with this id (password hash cleared), or kNotFound. For
// the admin use cases.
domain::Result<domain::User> FindUserOrNotFound(UnitOfWork& uow, std::string_view user_id);

// FindManageableUser returns the user read with its row lock (FindByIdForUpdate: the callers write
// it back), then the no-escalation rule (dispatch/no_escalation.hpp: kForbidden when the user holds
// a permission the caller lacks; system callers pass). For the admin use cases that change a user.
domain::Result<domain::User> FindManageableUser(UseCaseContext& context, std::string_view user_id);

}  // namespace rampart::application
