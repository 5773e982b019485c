#pragma once
#include <vector>

#include "application/common/services.hpp"
#include "domain/session.hpp"

namespace rampart::application {

// GET /api/v1/users/me/sessions — the signed-in user's active sessions, newest first.
struct ListMySessionsQuery {
  AccessClaims principal;
};

struct SessionView {
  domain::Session session;
  bool current = false;  // the session of the token that asked
};

class ListMySessionsHandler {
 public:
  explicit ListMySessionsHandler(Services& services) : services_(services) {}
  domain::Result<std::vector<SessionView>> Handle(const ListMySessionsQuery& query);

 private:
  Services& services_;
};

}  // namespace rampart::application
