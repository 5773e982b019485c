// Access tokens as the bearer middleware hands them to JwtTokenService::Verify
// (infrastructure/security/jwt_token_service.hpp): segment splitting, base64url, the JOSE
// header (only ES256 with a kid of ours; alg none/HS256/crit refused), the signature shapes
// (JOSE r||s to DER) and, behind a valid signature, the claims (iss, aud, exp, nbf, iat, sub,
// sid, ver, roles, perm, jti).
//
// A random signature never verifies, so the claims would stay out of reach: the first byte
// chooses the mode.
//   0: the rest is a token, verified as it is;
//   1: the rest is "<header JSON>\n<payload JSON>", signed here with the ring's key (its kid
//      replaces "KID" in the header), then verified: the claim rules see fuzzed payloads;
//   2: the rest is a token whose signature segment is replaced by a valid one over its first
//      two segments: the header and payload decoding see fuzzed base64url.
// Every accepted token must satisfy what the rest of rampart relies on.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "fuzz_signing_key.hpp"
#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace {

using namespace rampart;
using namespace rampart::infrastructure;

struct Fixture {
  rampart::fuzz::FixedClock clock;
  SodiumSecureRandom random;
  std::shared_ptr<const KeyRing> ring = std::make_shared<const KeyRing>(
      std::make_shared<const SigningKey>(SigningKey::FromPem(rampart::fuzz::kFuzzOnlyKeyPem)),
      std::vector<std::shared_ptr<const SigningKey>>{});
  JwtTokenService service{ring,
                          {.issuer = "https://id.example.com", .audience = "rampart"},
                          clock,
                          random};
};

Fixture& Get() {
  static Fixture fixture;
  return fixture;
}

void CheckVerdict(std::string_view token) {
  const auto claims = Get().service.Verify(token);
  if (!claims) {
    FUZZ_CHECK(claims.error().code == domain::ErrorCode::kUnauthorized);
    return;
  }
  // An accepted token: what the endpoint guard and the session check rely on.
  FUZZ_CHECK(!claims->subject.empty());
  FUZZ_CHECK(!claims->session_id.empty());
  FUZZ_CHECK(claims->expires_at > Get().clock.Now() - std::chrono::seconds(30));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  CheckVerdict(fuzz::TokenOf(data[0] % 3, rest, Get().ring->Active()));
  // base64url: what decodes encodes back to the canonical text.
  if (const auto decoded = Base64UrlDecode(rest)) {
    FUZZ_CHECK(Base64UrlDecode(Base64UrlEncode(*decoded)) == decoded);
  }
  return 0;
}
