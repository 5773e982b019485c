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
#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace {

using namespace rampart;
using namespace rampart::infrastructure;

// A P-256 key made for this harness only (it signs nothing else), fixed so that a corpus input
// reproduces across runs.
constexpr std::string_view kFuzzOnlyKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgaVwdZPCXWL3jBDog
1+2KTe9Q9uaatlePdvgPtHPf3sihRANCAAROd9JR4+yr9Xf/3A3dP/CjzimCuMZ1
q5hYA6KxxYYRyJBQeA19vRmoYtcXiTxH3QfWavj4RGAFGoeJyBIL4vU5
-----END PRIVATE KEY-----
)";

// 2027-01-15T08:00:00Z: the seeds' exp/nbf/iat are around it.
class FixedClock final : public application::Clock {
 public:
  domain::TimePoint Now() const override { return domain::TimePoint(std::chrono::seconds(1'800'000'000)); }
};

struct Fixture {
  FixedClock clock;
  SodiumSecureRandom random;
  std::shared_ptr<const KeyRing> ring = std::make_shared<const KeyRing>(
      std::make_shared<const SigningKey>(SigningKey::FromPem(kFuzzOnlyKeyPem)),
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

std::string Signed(std::string_view signing_input) {
  const auto signature = Get().ring->Active().Sign(signing_input);
  return std::string(signing_input) + "." +
         Base64UrlEncode(std::span<const unsigned char>(signature.data(), signature.size()));
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
  switch (data[0] % 3) {
    case 0:
      CheckVerdict(rest);
      break;
    case 1: {
      const auto newline = rest.find('\n');
      std::string header(rest.substr(0, newline));
      const std::string_view payload =
          newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
      if (const auto at = header.find("KID"); at != std::string::npos) {
        header.replace(at, 3, Get().ring->Active().Kid());
      }
      CheckVerdict(Signed(Base64UrlEncode(header) + "." + Base64UrlEncode(payload)));
      break;
    }
    default: {
      const auto dot = rest.find('.');
      const auto second = dot == std::string_view::npos ? dot : rest.find('.', dot + 1);
      CheckVerdict(Signed(rest.substr(0, second)));
      break;
    }
  }
  // base64url: what decodes encodes back to the canonical text.
  if (const auto decoded = Base64UrlDecode(rest)) {
    FUZZ_CHECK(Base64UrlDecode(Base64UrlEncode(*decoded)) == decoded);
  }
  return 0;
}
