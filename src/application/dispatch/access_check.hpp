#pragma once
// The check a verified access token passes before a use case honours it, run on every
// authenticated request on the worker pool. The identity domain's checks (auth/
// access_token_check.hpp) make revocation immediate; a service that trusts another issuer's
// tokens honours them until they expire (TrustedIssuerCheck).
#include <optional>
#include <string>
#include <vector>

#include "application/ports/token_service.hpp"
#include "domain/errors.hpp"

namespace rampart::application {

class AccessTokenCheck {
 public:
  virtual ~AccessTokenCheck() = default;
  // Check: kUnauthorized when the token is no longer honoured. Blocking.
  virtual domain::Result<void> Check(const AccessClaims& claims) = 0;
};

// TrustedIssuerCheck honours every token its verifier accepted: the issuer signed it and it has
// not expired. Revocation is the issuer's, and reaches this service when the token expires (keep
// the issuer's access-token lifetime short).
class TrustedIssuerCheck final : public AccessTokenCheck {
 public:
  domain::Result<void> Check(const AccessClaims& /*claims*/) override { return {}; }
};

// LimitToScope: `permissions` limited to `scope` (both sorted and distinct): the intersection, or
// `permissions` itself when there is no scope.
std::vector<std::string> LimitToScope(std::vector<std::string> permissions,
                                      const std::optional<std::vector<std::string>>& scope);

// IssuedPermissions: the permissions the token's issuer gave it (`perm`), sorted and distinct,
// limited to its `scope` when it has one: what a TrustedIssuerCheck's caller may do.
std::vector<std::string> IssuedPermissions(const AccessClaims& claims);

}  // namespace rampart::application
