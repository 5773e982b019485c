#pragma once
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"

namespace rampart::application {

// DELETE /api/v1/users/me/sessions/{id} — ends one of the signed-in user's sessions (a lost
// phone, an old browser). Its refresh token and access tokens stop working at once. Ending the
// current session is allowed: it is a logout.
struct RevokeMySessionCommand {
  AccessClaims principal;
  std::string session_id;
};

class RevokeMySessionHandler {
 public:
  explicit RevokeMySessionHandler(Services& services) : services_(services) {}
  // kNotFound when the session does not exist, is not the caller's, or has already ended: the
  // answer never confirms another user's session id.
  domain::Result<void> Handle(const RevokeMySessionCommand& command, const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
