#pragma once
// rampart:begin(iam)
// The signed-in user behind a request, established on every request: the access token is still
// honoured (AccessTokenCheck: session active, token version current, user not locked) and, for
// a permission requirement, the user's permissions are read from the database *now* — not
// taken from the token's `perm` claim — so a role change takes effect on the next request.
// rampart:else
// // The authenticated principal behind a request, established on every request: the access
// // token is honoured (AccessTokenCheck: TrustedIssuerCheck, a token the trusted issuer signed)
// // and, for a permission requirement, its permissions are those the issuer gave the token
// // (IssuedPermissions, limited to its scope).
// rampart:end
#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/principal.hpp"

namespace rampart::application {

struct Actor {
  std::string user_id;  // the principal's id: a user's, or a service account's (see `kind`)
  std::string session_id;                // the session of the calling token
  int token_version = 0;                 // the user's token version the caller's token carries
  std::vector<std::string> permissions;  // sorted, distinct; read only for permission requirements
  bool permissions_loaded = false;
  domain::PrincipalKind kind = domain::PrincipalKind::kUser;
  std::string api_key_id;  // the API key the request was authenticated with; empty for a token
  // What the credential is limited to (AccessClaims::scope): `permissions` are already
  // intersected with it; kept for use cases that load permissions themselves.
  std::optional<std::vector<std::string>> scope;

  bool Has(std::string_view permission) const {
    return std::binary_search(permissions.begin(), permissions.end(), permission, std::less<>{});
  }
};

}  // namespace rampart::application
