#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/errors.hpp"
#include "domain/principal.hpp"
#include "domain/time.hpp"

namespace rampart::application {

// AccessClaims: what an access token (or an API key: docs/security.md#api-keys) asserts about its
// bearer.
struct AccessClaims {
  std::string subject;                   // user or service-account id (`sub`)
  std::string session_id;                // `sid`; empty for service accounts and API keys
  int token_version = 0;                 // `ver`: must equal the user's current token version
  std::vector<std::string> roles;        // `roles`
  std::vector<std::string> permissions;  // `perm`
  std::vector<std::string> amr;          // `amr` (RFC 8176): how the subject authenticated
  std::string token_id;                  // `jti`
  domain::TimePoint issued_at{};         // `iat`
  domain::TimePoint expires_at{};        // `exp`
  domain::PrincipalKind kind = domain::PrincipalKind::kUser;
  std::string client_id;   // service-account tokens: RFC 9068 `client_id` (kServiceAccount)
  std::string api_key_id;  // set when an API key, not a JWT, authenticated the request
  // The permissions the credential is limited to (a token's `scope`, an API key's
  // permissions): the request gets the principal's current permissions intersected with these.
  // nullopt: all of the principal's.
  std::optional<std::vector<std::string>> scope;
};

struct IssuedAccessToken {
  std::string token;
  std::chrono::seconds expires_in{};
};

// AccessTokenVerifier checks access tokens: what a service needs that trusts tokens it does not
// issue (infrastructure/security/jwks_token_verifier: an external issuer's JWKS), and what the
// bearer authentication of the HTTP pipeline calls.
class AccessTokenVerifier {
 public:
  virtual ~AccessTokenVerifier() = default;
  // Verify checks signature (fixed algorithm, known `kid`), `iss`, `aud`, `exp`, `nbf`/`iat`;
  // kUnauthorized with a short reason otherwise.
  virtual domain::Result<AccessClaims> Verify(std::string_view token) const = 0;
  // VerifyShared makes the same check, with the claims shared and immutable: what a request keeps
  // as its principal. A caching decorator hands out the claims it remembers without copying them
  // (two strings, two vectors of strings and an id per request otherwise).
  virtual domain::Result<std::shared_ptr<const AccessClaims>> VerifyShared(
      std::string_view token) const {
    auto claims = Verify(token);
    if (!claims) return std::unexpected(std::move(claims.error()));
    return std::make_shared<const AccessClaims>(std::move(*claims));
  }
};

// TokenService issues and verifies signed access tokens (JWT with an asymmetric key and a `kid`).
class TokenService : public AccessTokenVerifier {
 public:
  // Issue fills `jti`, `iat` and `exp` itself; the caller supplies the subject and authorisation
  // data.
  virtual IssuedAccessToken Issue(const AccessClaims& claims) = 0;
};

}  // namespace rampart::application
