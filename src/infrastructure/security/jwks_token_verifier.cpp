#include "infrastructure/security/jwks_token_verifier.hpp"

#include <memory>
#include <stdexcept>

#include "infrastructure/security/access_jws.hpp"

namespace rampart::infrastructure {

JwksTokenVerifier::JwksTokenVerifier(RemoteJwks& keys, JwksVerifierOptions options,
                                     const application::Clock& clock)
    : keys_(keys), options_(std::move(options)), clock_(clock) {
  if (options_.issuer.empty() || options_.audience.empty()) {
    throw std::invalid_argument("JwksTokenVerifier: issuer and audience are required");
  }
  if (options_.leeway < std::chrono::seconds::zero()) {
    throw std::invalid_argument("JwksTokenVerifier: leeway must be >= 0");
  }
}

domain::Result<application::AccessClaims> JwksTokenVerifier::Verify(std::string_view token) const {
  // Of the algorithms AcceptHeader knows, only ES256 is ours to verify here (the JWKS keeps only
  // P-256 keys). An unknown kid may mean the issuer rotated: the JWKS is asked to refresh.
  const auto find_key = [this](const AcceptedHeader& header)
      -> domain::Result<std::shared_ptr<const Es256PublicKey>> {
    if (header.algorithm != SigningAlgorithm::kEs256) return domain::Fail(InvalidAccessToken());
    auto key = keys_.Find(header.kid);
    if (!key) {
      keys_.OnUnknownKid();
      return domain::Fail(domain::Error::Unauthorized("unknown signing key"));
    }
    return key;
  };
  const ClaimRules rules{.issuer = options_.issuer,
                         .audience = options_.audience,
                         .now = clock_.Now(),
                         .leeway = options_.leeway};
  return VerifyAccessTokenSafely("verify external access token", [&] {
    return VerifyAccessJws(token, kMaxTokenSize, find_key, rules);
  });
}

}  // namespace rampart::infrastructure
