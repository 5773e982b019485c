#pragma once
#include "application/dispatch/use_case.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// GetMeQuery: GET /api/v1/users/me — the signed-in user.
struct GetMeQuery {
  using Response = domain::User;
  static constexpr std::string_view kName = "users.me.get";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  // Reads through the identity cache (cache-aside) when there is one, else a snapshot.
  static constexpr Transaction kTransaction = Transaction::kOwn;
};

domain::Result<domain::User> Handle(const GetMeQuery& query, UseCaseContext& context);

}  // namespace rampart::application
