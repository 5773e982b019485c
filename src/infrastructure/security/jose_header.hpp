#pragma once
// The protected header of our access tokens: {"alg":"ES256"|"EdDSA","typ":"at+jwt","kid":"..."}.
#include <optional>
#include <string>
#include <string_view>

#include "infrastructure/security/signing_key.hpp"

namespace rampart::infrastructure {

std::string EncodeHeader(SigningAlgorithm algorithm, std::string_view kid);

// AcceptedHeader: what an acceptable header names: the algorithm the token claims and the key it
// names.
struct AcceptedHeader {
  SigningAlgorithm algorithm;
  std::string kid;
};

// AcceptHeader returns the algorithm and `kid` of a header that is acceptable for verification, or
// std::nullopt. Only "ES256" and "EdDSA" are known (none, HS256, ES384, a missing alg are refused);
// the verifier then requires the claimed algorithm to be the one of the key `kid` names, so the
// token never chooses how it is checked. Also refused: a missing or non-string kid, a `typ` other
// than "at+jwt"/"application/at+jwt", and any `crit` (we implement no header extensions).
std::optional<AcceptedHeader> AcceptHeader(std::string_view header_json);

}  // namespace rampart::infrastructure
