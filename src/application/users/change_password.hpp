#pragma once
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"

namespace rampart::application {

// POST /api/v1/users/me/password — requires the current password. On success the user's token
// version is bumped and every session revoked: all tokens issued before stop working, so a
// thief holding a stolen session is locked out too. The client logs in again.
struct ChangePasswordCommand {
  AccessClaims principal;
  std::string current_password;
  std::string new_password;
};

class ChangePasswordHandler {
 public:
  explicit ChangePasswordHandler(Services& services) : services_(services) {}
  domain::Result<void> Handle(const ChangePasswordCommand& command, const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
