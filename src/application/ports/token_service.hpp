#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "domain/errors.hpp"
#include "domain/time.hpp"

namespace rampart::application {

// What an access token asserts about its bearer.
struct AccessClaims {
  std::string subject;     // user id (`sub`)
  std::string session_id;  // `sid`
  int token_version = 0;   // `ver`: must equal the user's current token version
  std::vector<std::string> roles;        // `roles`
  std::vector<std::string> permissions;  // `perm`
  std::string token_id;                  // `jti`
  domain::TimePoint issued_at{};         // `iat`
  domain::TimePoint expires_at{};        // `exp`
};

struct IssuedAccessToken {
  std::string token;
  std::chrono::seconds expires_in{};
};

// Issues and verifies signed access tokens (JWT with an asymmetric key and a `kid`).
class TokenService {
 public:
  virtual ~TokenService() = default;
  // Fills `jti`, `iat` and `exp` itself; the caller supplies the subject and authorisation data.
  virtual IssuedAccessToken Issue(const AccessClaims& claims) = 0;
  // Checks signature (fixed algorithm, known `kid`), `iss`, `aud`, `exp`, `nbf`/`iat`;
  // kUnauthorized with a short reason otherwise.
  virtual domain::Result<AccessClaims> Verify(std::string_view token) const = 0;
};

}  // namespace rampart::application
