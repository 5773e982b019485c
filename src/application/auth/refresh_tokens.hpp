#pragma once
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "application/common/token_pair.hpp"

namespace rampart::application {

// POST /api/v1/auth/refresh — rotates the session's refresh token. Presenting a token that was
// already spent is treated as theft: the whole session is revoked (reuse detection).
struct RefreshTokensCommand {
  std::string refresh_token;
};

class RefreshTokensHandler {
 public:
  explicit RefreshTokensHandler(Services& services) : services_(services) {}
  domain::Result<TokenPair> Handle(const RefreshTokensCommand& command,
                                   const RequestContext& context);

 private:
  Services& services_;
};

}  // namespace rampart::application
