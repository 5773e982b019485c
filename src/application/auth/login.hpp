#pragma once
#include <string>

#include "application/common/request_context.hpp"
#include "application/common/services.hpp"
#include "application/common/token_pair.hpp"

namespace rampart::application {

// POST /api/v1/auth/login — password login opening a new session.
struct LoginCommand {
  std::string email;
  std::string password;
};

class LoginHandler {
 public:
  explicit LoginHandler(Services& services) : services_(services) {}
  // kValidation when a field is missing; otherwise any bad credential is the same
  // kUnauthorized, after the same amount of hashing work whether or not the user exists.
  // kLocked (with Retry-After) once the account is locked out by repeated failures
  // (AuthSettings::lockout); the failure that locks it already answers kLocked.
  domain::Result<TokenPair> Handle(const LoginCommand& command, const RequestContext& context);

 private:
  domain::Result<TokenPair> Fail(const std::string& user_id, const RequestContext& context,
                                 std::string_view reason);
  domain::Result<TokenPair> FailLockedOut(const std::string& user_id, const RequestContext& context,
                                          std::chrono::seconds remaining);
  Services& services_;
};

inline constexpr std::string_view kBadCredentials = "Invalid email or password.";

}  // namespace rampart::application
