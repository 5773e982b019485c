#pragma once
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"

namespace rampart::application {

// POST /api/v1/auth/logout — ends the session that owns the refresh token. Idempotent: an
// unknown or already revoked token succeeds too, so the answer reveals nothing.
struct LogoutCommand {
  std::string refresh_token;
};

class LogoutHandler {
 public:
  explicit LogoutHandler(Services& services) : services_(services) {}
  domain::Result<void> Handle(const LogoutCommand& command, const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
