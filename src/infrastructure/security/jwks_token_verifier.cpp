#include "infrastructure/security/jwks_token_verifier.hpp"

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

domain::Result<AccessClaims> JwksTokenVerifier::Verify(std::string_view token) const {
  telemetry::Span span("verify external access token");
  try {
    auto claims = VerifyOrThrow(token);
    if (!claims) span.SetError(claims.error().detail);
    return claims;
  } catch (const std::exception&) {
    span.SetError("invalid token");
    return Fail(Invalid());
  }
}

domain::Result<AccessClaims> JwksTokenVerifier::VerifyOrThrow(std::string_view token) const {
  const auto jws = SplitCompactJws(token, kMaxTokenSize);
  if (!jws) return Fail(Invalid());
  const auto header_json = Base64UrlDecode(jws->header);
  if (!header_json) return Fail(Invalid());
  // AcceptHeader refuses none, HS*, crit and a wrong typ; of what it knows, only ES256 is ours
  // to verify here (the JWKS keeps only P-256 keys).
  const auto header = AcceptHeader(*header_json);
  if (!header || header->algorithm != SigningAlgorithm::kEs256) return Fail(Invalid());
  const auto key = keys_.Find(header->kid);
  if (!key) {
    keys_.OnUnknownKid();
    return Fail(Error::Unauthorized("unknown signing key"));
  }

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
