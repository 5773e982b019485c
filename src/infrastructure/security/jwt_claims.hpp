#pragma once
// The JSON payload of an access token (RFC 9068 claims, RFC 8176 amr, plus ours: sid, ver,
// roles, perm).
#include <chrono>
#include <string>
#include <string_view>

#include "application/ports/token_service.hpp"
#include "domain/errors.hpp"
#include "domain/time.hpp"

namespace rampart::infrastructure {

// ClaimRules: what a payload must satisfy besides being well-formed.
struct ClaimRules {
  std::string_view issuer;
  std::string_view audience;
  domain::TimePoint now;
  std::chrono::seconds leeway;
};

// EncodeAccessPayload: `claims` with iss/aud added; `iat` and `nbf` are claims.issued_at, `exp`
// claims.expires_at. A service account's token (claims.kind) carries `client_id` (RFC 9068) and
// `scope` when limited, and no `sid`.
std::string EncodeAccessPayload(const application::AccessClaims& claims, std::string_view issuer,
                                std::string_view audience);

// DecodeAccessPayload validates a payload (of an already signature-checked token) against `rules`:
// iss equal; aud equal or an array containing it; exp required and > now - leeway;
// nbf and iat, when present, <= now + leeway; sub a non-empty string; either sid a non-empty
// string (a user's token) or client_id a non-empty string without sid (a service account's,
// PrincipalKind::kServiceAccount, with `scope` a space-separated string when present); ver an int;
// roles/perm/amr, when present, arrays of strings; jti, when present, a string. Times must be
// integers. kUnauthorized ("token expired", "token not yet valid" or "invalid token") otherwise.
domain::Result<application::AccessClaims> DecodeAccessPayload(std::string_view payload_json,
                                                              const ClaimRules& rules);

}  // namespace rampart::infrastructure
