#pragma once
#include "application/common/services.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// GET /api/v1/users/me
struct GetMeQuery {
  AccessClaims principal;
};

class GetMeHandler {
 public:
  explicit GetMeHandler(Services& services) : services_(services) {}
  domain::Result<domain::User> Handle(const GetMeQuery& query);

 private:
  Services& services_;
};

}  // namespace rampart::application
