#pragma once
#include <optional>
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// PATCH /api/v1/users/me — the profile fields a user may change about themselves. Absent
// fields stay as they are. (Changing the email needs re-verification: a later use case.)
struct UpdateMeCommand {
  AccessClaims principal;
  std::optional<std::string> display_name;
};

class UpdateMeHandler {
 public:
  explicit UpdateMeHandler(Services& services) : services_(services) {}
  domain::Result<domain::User> Handle(const UpdateMeCommand& command, const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
