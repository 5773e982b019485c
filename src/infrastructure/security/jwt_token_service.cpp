#include "infrastructure/security/jwt_token_service.hpp"

#include <stdexcept>

#include "infrastructure/security/access_jws.hpp"

namespace rampart::infrastructure {

using application::AccessClaims;

JwtTokenService::JwtTokenService(std::shared_ptr<const KeyRing> keys, JwtOptions options,
                                 const application::Clock& clock, application::SecureRandom& random)
    : keys_(std::move(keys)), options_(std::move(options)), clock_(clock), random_(random) {
  if (!keys_.load()) throw std::invalid_argument("JwtTokenService: no key ring");
  if (options_.issuer.empty() || options_.audience.empty()) {
    throw std::invalid_argument("JwtTokenService: issuer and audience are required");
  }
  if (options_.access_ttl <= std::chrono::seconds::zero() ||
      options_.leeway < std::chrono::seconds::zero()) {
    throw std::invalid_argument("JwtTokenService: access_ttl must be positive, leeway >= 0");
  }
}

void JwtTokenService::SetKeys(std::shared_ptr<const KeyRing> keys) {
  if (!keys) throw std::invalid_argument("JwtTokenService: no key ring");
  keys_.store(std::move(keys));
}

application::IssuedAccessToken JwtTokenService::Issue(const AccessClaims& claims) {
  AccessClaims stamped = claims;
  stamped.token_id = random_.NewUuid();
  stamped.issued_at = clock_.Now();
  stamped.expires_at = stamped.issued_at + options_.access_ttl;

  const auto keys = keys_.load();
  std::string token = keys->ActiveHeaderSegment();
  token += '.';
  token += Base64UrlEncode(EncodeAccessPayload(stamped, options_.issuer, options_.audience));
  const auto signature = keys->Active().Sign(token);
  token += '.';
  token += Base64UrlEncode(signature);
  return {std::move(token), options_.access_ttl};
}

domain::Result<AccessClaims> JwtTokenService::Verify(std::string_view token) const {
  // The header picks the key, never the algorithm: a kid from our ring, and exactly the
  // algorithm of that key (an EdDSA claim on an ES256 key is refused, and the other way round).
  const auto keys = keys_.load();
  const auto find_key = [&keys](const AcceptedHeader& header) -> domain::Result<const SigningKey*> {
    const SigningKey* key = keys->Find(header.kid);
    if (key == nullptr || key->Algorithm() != header.algorithm) {
      return domain::Fail(InvalidAccessToken());
    }
    return key;
  };
  const ClaimRules rules{.issuer = options_.issuer,
                         .audience = options_.audience,
                         .now = clock_.Now(),
                         .leeway = options_.leeway};
  // The signature check (~60 µs) is worth a span; the verified-token cache in front of this
  // service answers repeated tokens without one.
  return VerifyAccessTokenSafely("verify access token", [&] {
    return VerifyAccessJws(token, kMaxTokenSize, find_key, rules);
  });
}

}  // namespace rampart::infrastructure
