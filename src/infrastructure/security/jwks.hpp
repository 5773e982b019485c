#pragma once
// A JSON Web Key Set (RFC 7517 §5) as an external issuer publishes it at
// /.well-known/jwks.json, reduced to what we verify with: its ES256 keys by `kid`.
#include <cstddef>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "infrastructure/security/es256_public_key.hpp"

namespace rampart::infrastructure {

// JwksKeys: the usable keys of one JWKS document, by kid. Immutable once parsed.
struct JwksKeys {
  std::map<std::string, std::shared_ptr<const Es256PublicKey>, std::less<>> by_kid;
  std::size_t skipped = 0;  // keys of another type, curve, algorithm or use (e.g. EdDSA, RSA)

  const Es256PublicKey* Find(std::string_view kid) const;
};

// kMaxJwksKeys: a document with more keys is refused (an issuer publishes a handful).
inline constexpr std::size_t kMaxJwksKeys = 64;

// ParseJwks reads {"keys":[...]}. A key is kept when it has a non-empty `kid`, `kty` "EC",
// `crv` "P-256", `x`/`y` on the curve, `alg` "ES256" or absent, `use` "sig" or absent, and no
// private member `d`; other keys are skipped (counted). An error (a reason for the log) when the
// document is not a JWKS, holds more than kMaxJwksKeys keys, repeats a kid, or offers a kept
// key with bad coordinates or a private part.
std::expected<JwksKeys, std::string> ParseJwks(std::string_view json);

}  // namespace rampart::infrastructure
