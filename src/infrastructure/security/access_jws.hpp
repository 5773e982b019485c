#pragma once
// The steps every verifier of access tokens shares (ours, and an external issuer's through its
// JWKS), in their safe order. Included by the two verifiers only.
#include <exception>
#include <span>
#include <string>
#include <string_view>

#include "application/ports/token_service.hpp"
#include "domain/errors.hpp"
#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/jose_header.hpp"
#include "infrastructure/security/jws_compact.hpp"
#include "infrastructure/security/jwt_claims.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure {

// InvalidAccessToken: the one answer for a malformed, forged or unacceptable token.
inline domain::Error InvalidAccessToken() { return domain::Error::Unauthorized("invalid token"); }

// VerifyAccessJws: splits `token` (at most `max_size` bytes), accepts its header (AcceptHeader
// refuses none, HS*, crit and a wrong typ), asks `find_key(header)` for the key that header names
// (a domain::Result holding a pointer to something with Verify(data, signature); its error is the
// answer when there is no such key), checks the signature with that key, and only then decodes
// the claims under `rules`. May throw on hostile input (bad_alloc); VerifyAccessTokenSafely
// catches that.
template <class FindKey>
domain::Result<application::AccessClaims> VerifyAccessJws(std::string_view token,
                                                          std::size_t max_size, FindKey&& find_key,
                                                          const ClaimRules& rules) {
  const auto jws = SplitCompactJws(token, max_size);
  if (!jws) return domain::Fail(InvalidAccessToken());
  const auto header_json = Base64UrlDecode(jws->header);
  if (!header_json) return domain::Fail(InvalidAccessToken());
  const auto header = AcceptHeader(*header_json);
  if (!header) return domain::Fail(InvalidAccessToken());
  const auto key = find_key(*header);
  if (!key) return domain::Fail(key.error());

  const auto signature = Base64UrlDecode(jws->signature);
  if (!signature) return domain::Fail(InvalidAccessToken());
  const std::span<const unsigned char> signature_bytes(
      reinterpret_cast<const unsigned char*>(signature->data()), signature->size());
  if (!(*key)->Verify(jws->signing_input, signature_bytes)) {
    return domain::Fail(InvalidAccessToken());
  }
  // Only now, with the signature checked, is the payload worth reading.
  const auto payload = Base64UrlDecode(jws->payload);
  if (!payload) return domain::Fail(InvalidAccessToken());
  return DecodeAccessPayload(*payload, rules);
}

// VerifyAccessTokenSafely: runs `verify` inside a span named `span_name` (the signature check is
// worth one); malformed input never escapes as an exception: the caller only learns "invalid
// token".
template <class Verify>
domain::Result<application::AccessClaims> VerifyAccessTokenSafely(const char* span_name,
                                                                  Verify&& verify) {
  telemetry::Span span(span_name);
  try {
    auto claims = verify();
    if (!claims) span.SetError(claims.error().detail);
    return claims;
  } catch (const std::exception&) {
    span.SetError("invalid token");
    return domain::Fail(InvalidAccessToken());
  }
}

}  // namespace rampart::infrastructure
