#pragma once
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "domain/session.hpp"

namespace rampart::application {

struct SessionView {
  domain::Session session;
  bool current = false;  // the session of the token that asked
};

// ListMySessionsQuery: GET /api/v1/users/me/sessions — the signed-in user's active sessions, newest
// first.
struct ListMySessionsQuery {
  using Response = std::vector<SessionView>;
  static constexpr std::string_view kName = "sessions.list_mine";
  static constexpr Requirement kRequires = Requirement::SignedIn();
  static constexpr Transaction kTransaction = Transaction::kRead;
};

domain::Result<std::vector<SessionView>> Handle(const ListMySessionsQuery& query,
                                                UseCaseContext& context);

}  // namespace rampart::application
