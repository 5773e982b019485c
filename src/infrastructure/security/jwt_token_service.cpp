#include "infrastructure/security/jwt_token_service.hpp"

#include <exception>
#include <span>
#include <stdexcept>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/jose_header.hpp"
#include "infrastructure/security/jws_compact.hpp"
#include "infrastructure/security/jwt_claims.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure {
namespace {

using application::AccessClaims;
using domain::Error;
using domain::Fail;

Error Invalid() { return Error::Unauthorized("invalid token"); }

std::span<const unsigned char> BytesOf(const std::string& s) {
  return {reinterpret_cast<const unsigned char*>(s.data()), s.size()};
}

}  // namespace

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
  // The signature check (~60 µs) is worth a span; the verified-token cache in front of this
  // service answers repeated tokens without one.
  telemetry::Span span("verify access token");
  // Malformed input must never escape as an exception (e.g. bad_alloc from a JSON bomb that
  // slipped under the size limit): the caller only learns "invalid token".
  try {
    auto claims = VerifyOrThrow(token);
    if (!claims) span.SetError("invalid token");
    return claims;
  } catch (const std::exception&) {
    span.SetError("invalid token");
    return Fail(Invalid());
  }
}

domain::Result<AccessClaims> JwtTokenService::VerifyOrThrow(std::string_view token) const {
  const auto jws = SplitCompactJws(token, kMaxTokenSize);
  if (!jws) return Fail(Invalid());

  // The header picks the key, never the algorithm: a kid from our ring, and exactly the
  // algorithm of that key (an EdDSA claim on an ES256 key is refused, and the other way round).
  const auto header_json = Base64UrlDecode(jws->header);
  if (!header_json) return Fail(Invalid());
  const auto header = AcceptHeader(*header_json);
  if (!header) return Fail(Invalid());
  const auto keys = keys_.load();
  const SigningKey* key = keys->Find(header->kid);
  if (key == nullptr || key->Algorithm() != header->algorithm) return Fail(Invalid());

  const auto signature = Base64UrlDecode(jws->signature);
  if (!signature || !key->Verify(jws->signing_input, BytesOf(*signature))) {
    return Fail(Invalid());
  }

  // Only now, with the signature checked, is the payload worth reading.
  const auto payload = Base64UrlDecode(jws->payload);
  if (!payload) return Fail(Invalid());
  return DecodeAccessPayload(*payload, ClaimRules{.issuer = options_.issuer,
                                                  .audience = options_.audience,
                                                  .now = clock_.Now(),
                                                  .leeway = options_.leeway});
}

}  // namespace rampart::infrastructure
