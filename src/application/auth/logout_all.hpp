#pragma once
#include "application/common/request_context.hpp"
#include "application/common/services.hpp"

namespace rampart::application {

// POST /api/v1/auth/logout-all — ends every session of the signed-in user and bumps the user's
// token version, so every access token issued before stops working at once, wherever it is.
struct LogoutAllCommand {
  AccessClaims principal;
};

class LogoutAllHandler {
 public:
  explicit LogoutAllHandler(Services& services) : services_(services) {}
  domain::Result<void> Handle(const LogoutAllCommand& command, const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
