// An external issuer's access tokens as the bearer middleware hands them to
// JwksTokenVerifier::Verify (infrastructure/security/jwks_token_verifier.hpp), and the issuer's
// JWKS documents as RemoteJwks reads them (infrastructure/security/jwks.hpp): what a service
// that trusts tokens it does not issue takes from outside.
//
// The issuer's JWKS holds the harnesses' fixed key (fuzz_signing_key.hpp), read once over a
// scripted transport. The first byte chooses the mode:
//   0: the rest is a token, verified as it is;
//   1: the rest is "<header JSON>\n<payload JSON>", signed here with the issuer's key (its kid
//      replaces "KID" in the header), then verified: the claim rules see fuzzed payloads;
//   2: the rest is a token whose signature segment is replaced by a valid one over its first
//      two segments: the header and payload decoding see fuzzed base64url;
//   3: the rest is a JWKS document, answered to a second RemoteJwks's fetch.
// Every accepted token must satisfy what the service relies on; a refused JWKS leaves the keys
// in use as they were.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "fuzz_check.hpp"
#include "fuzz_signing_key.hpp"
#include "infrastructure/http/dependency.hpp"
#include "infrastructure/security/jwks.hpp"
#include "infrastructure/security/jwks_token_verifier.hpp"
#include "infrastructure/security/remote_jwks.hpp"
#include "infrastructure/security/signing_key.hpp"
#include "scripted_transport.hpp"

namespace {

using namespace rampart;
using namespace rampart::infrastructure;

constexpr std::string_view kIssuer = "https://id.example.com";

// One issuer's keys over a scripted transport: one attempt, no breaker, no waits.
struct ScriptedJwks {
  explicit ScriptedJwks(const application::Clock& clock)
      : dependency{"issuer",
                   {.max_attempts = 1, .breaker_failures = 1 << 30},
                   transport,
                   registry,
                   {.sleep = [](std::chrono::milliseconds) {}, .seed = 1}},
        keys{{.url = *JwksUrlOf(kIssuer)}, dependency, clock} {}

  telemetry::Registry registry;
  fuzz::ScriptedTransport transport;
  http::Dependency dependency;
  RemoteJwks keys;
};

struct Fixture {
  Fixture() {
    log::Configure({.level = "off"});  // a refused document is logged: not once per input
    const auto& jwk = key.Jwk();
    issuer.transport.body = R"({"keys":[{"kty":")" + jwk.kty + R"(","crv":")" + jwk.crv +
                            R"(","x":")" + jwk.x + R"(","y":")" + jwk.y + R"(","kid":")" +
                            key.Kid() + R"(","alg":"ES256","use":"sig"}]})";
    FUZZ_CHECK(issuer.keys.Refresh() && issuer.keys.KeyCount() == 1);
  }

  fuzz::FixedClock clock;
  SigningKey key = SigningKey::FromPem(fuzz::kFuzzOnlyKeyPem);
  ScriptedJwks issuer{clock};
  JwksTokenVerifier verifier{issuer.keys, {.issuer = std::string(kIssuer), .audience = "rampart"}, clock};
  ScriptedJwks documents{clock};  // mode 3
};

Fixture& Get() {
  static Fixture fixture;
  return fixture;
}

void CheckVerdict(std::string_view token) {
  const auto claims = Get().verifier.Verify(token);
  if (!claims) {
    FUZZ_CHECK(claims.error().code == domain::ErrorCode::kUnauthorized);
    return;
  }
  // An accepted token: what the endpoint guard and the use cases rely on.
  FUZZ_CHECK(token.size() <= JwksTokenVerifier::kMaxTokenSize);
  FUZZ_CHECK(!claims->subject.empty());
  FUZZ_CHECK(!claims->session_id.empty() || !claims->client_id.empty());
  FUZZ_CHECK(claims->expires_at > Get().clock.Now() - std::chrono::seconds(30));
}

void CheckDocument(std::string_view document) {
  auto& documents = Get().documents;
  const auto before = documents.keys.KeyCount();
  documents.transport.body.assign(document);
  const auto parsed = ParseJwks(document);
  const bool replaced = documents.keys.Refresh();
  FUZZ_CHECK(replaced == (parsed && document.size() <= RemoteJwksOptions{}.max_bytes));
  if (!replaced) {
    FUZZ_CHECK(documents.keys.KeyCount() == before);
    return;
  }
  FUZZ_CHECK(documents.keys.KeyCount() == parsed->by_kid.size());
  FUZZ_CHECK(parsed->by_kid.size() <= kMaxJwksKeys);
  for (const auto& [kid, key] : parsed->by_kid) {
    FUZZ_CHECK(!kid.empty() && key != nullptr);
    FUZZ_CHECK(documents.keys.Find(kid) != nullptr);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const int mode = data[0] % 4;
  if (mode == 3) {
    CheckDocument(rest);
  } else {
    CheckVerdict(fuzz::TokenOf(mode, rest, Get().key));
  }
  return 0;
}
