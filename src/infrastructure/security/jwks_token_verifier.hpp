#pragma once
// Access tokens of an external issuer (for example a rampart instance), verified with the
// issuer's published keys (RemoteJwks): what a service does that trusts tokens it does not issue.
#include <chrono>
#include <string>
#include <string_view>

#include "application/ports/clock.hpp"
#include "application/ports/token_service.hpp"
#include "infrastructure/security/remote_jwks.hpp"

namespace rampart::infrastructure {

struct JwksVerifierOptions {
  std::string issuer;               // the `iss` every token must carry, exactly
  std::string audience;             // the `aud` every token must carry (or contain)
  std::chrono::seconds leeway{30};  // tolerated clock skew for exp/nbf/iat
};

// JwksTokenVerifier checks, in this order: the JWS compact shape and size (at most
// kMaxTokenSize), the header (`alg` exactly "ES256" — "none", HS256, EdDSA and every other
// algorithm are refused, as are `crit` and a `typ` other than "at+jwt"), a `kid` that names a key
// of the issuer's JWKS (an unknown one asks RemoteJwks for a rate-limited refetch, and is refused
// now), the signature, then the claims of rampart's access tokens (DecodeAccessPayload): `iss`,
// `aud`, `exp`, `nbf`/`iat` with the leeway, `sub`, `sid` or `client_id`, `ver`.
// Every failure is kUnauthorized: "invalid token", "unknown signing key", "token expired" or
// "token not yet valid". Thread-safe; never throws; never waits on the network.
class JwksTokenVerifier final : public application::AccessTokenVerifier {
 public:
  static constexpr std::size_t kMaxTokenSize = std::size_t{8} * 1024;

  // `keys` and `clock` must outlive the verifier. Throws std::invalid_argument without issuer or
  // audience, or with a negative leeway.
  JwksTokenVerifier(RemoteJwks& keys, JwksVerifierOptions options, const application::Clock& clock);

  domain::Result<application::AccessClaims> Verify(std::string_view token) const override;

 private:
  RemoteJwks& keys_;
  const JwksVerifierOptions options_;
  const application::Clock& clock_;
};

}  // namespace rampart::infrastructure
