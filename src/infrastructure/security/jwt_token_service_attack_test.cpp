// Hostile tokens. Each forged token carries a valid ES256 signature by the real key wherever
// possible, so the test shows that the intended check (not an accident) rejects it.
#include <gtest/gtest.h>

#include <random>

#include "infrastructure/security/es256_signature.hpp"
#include "infrastructure/security/jwt_test_support.hpp"

namespace rampart::infrastructure {
namespace {

namespace json = boost::json;
using testing::Hs256;
using testing::WithSegment;

class JwtAttackTest : public ::testing::Test, protected testing::JwtFixture {
 protected:
  void ExpectRejected(std::string_view token, std::string_view why) {
    domain::Result<application::AccessClaims> result;
    ASSERT_NO_THROW(result = service_.Verify(token)) << why;
    ASSERT_FALSE(result) << why;
    EXPECT_EQ(result.error().code, domain::ErrorCode::kUnauthorized) << why;
  }
};

TEST_F(JwtAttackTest, TamperedPayloadHeaderOrSignature) {
  const std::string token = Token(Header(), Payload());
  ASSERT_TRUE(service_.Verify(token));

  auto elevated = Payload();
  elevated["perm"] = json::array{"users:read", "users:write", "roles:write"};
  ExpectRejected(WithSegment(token, 1, testing::Segment(elevated)), "payload swapped");
  auto other_user = Payload();
  other_user["sub"] = "user-2";
  ExpectRejected(WithSegment(token, 1, testing::Segment(other_user)), "subject swapped");

  auto header = Header();
  header["typ"] = "JWT";
  ExpectRejected(WithSegment(token, 0, testing::Segment(header)), "header changed");

  std::string flipped = token;
  flipped[flipped.size() - 10] = flipped[flipped.size() - 10] == 'A' ? 'B' : 'A';
  ExpectRejected(flipped, "signature changed");
}

TEST_F(JwtAttackTest, AlgNoneWithAndWithoutSignature) {
  auto header = Header();
  header["alg"] = "none";
  const std::string unsigned_token =
      testing::Segment(header) + "." + testing::Segment(Payload()) + ".";
  ExpectRejected(unsigned_token, "alg none, empty signature");
  ExpectRejected(unsigned_token.substr(0, unsigned_token.size() - 1), "alg none, two segments");
  ExpectRejected(Token(header, Payload()), "alg none with a valid ES256 signature");
  for (const char* spelling : {"None", "NONE", "nOnE"}) {
    header["alg"] = spelling;
    ExpectRejected(Token(header, Payload()), spelling);
  }
}

TEST_F(JwtAttackTest, Hs256KeyedWithThePublicKey) {
  auto header = Header();
  header["alg"] = "HS256";
  header["typ"] = "JWT";
  const std::string signing_input = testing::Segment(header) + "." + testing::Segment(Payload());
  // The classic confusion: the verifier's public key, used as an HMAC secret.
  for (const std::string& secret :
       {key_->PublicKeyPem(), key_->Jwk().x + key_->Jwk().y, ring_->JwksJson()}) {
    ExpectRejected(signing_input + "." + Hs256(secret, signing_input), "HS256 confusion");
  }
}

// The algorithm is the key's: a token that names an ES256 key and claims EdDSA (signed by an
// Ed25519 key of the attacker's, or by that very ES256 key) is refused, and the other way round.
TEST_F(JwtAttackTest, TheClaimedAlgorithmMustBeTheAlgorithmOfTheNamedKey) {
  const SigningKey attacker = SigningKey::Generate(SigningAlgorithm::kEdDsa);
  auto header = Header();
  header["alg"] = "EdDSA";
  ExpectRejected(testing::SignedToken(header, Payload(), attacker), "EdDSA on an ES256 kid");
  ExpectRejected(Token(header, Payload()), "EdDSA claimed, ES256 signature by the real key");

  const auto ed_key =
      std::make_shared<const SigningKey>(SigningKey::Generate(SigningAlgorithm::kEdDsa));
  service_.SetKeys(std::make_shared<const KeyRing>(ed_key, std::vector{key_}));
  auto ed_header = Header();
  ed_header["alg"] = "EdDSA";
  ed_header["kid"] = ed_key->Kid();
  EXPECT_TRUE(service_.Verify(testing::SignedToken(ed_header, Payload(), *ed_key)));
  ed_header["alg"] = "ES256";
  ExpectRejected(testing::SignedToken(ed_header, Payload(), *ed_key), "ES256 on an EdDSA kid");
  ExpectRejected(testing::SignedToken(ed_header, Payload(), *key_), "ES256 signature, EdDSA kid");
}

TEST_F(JwtAttackTest, OnlyExactlyEs256IsAccepted) {
  for (const json::value& alg :
       {json::value("ES384"), json::value("ES512"), json::value("es256"), json::value("ES256 "),
        json::value("RS256"), json::value("PS256"), json::value("EdDSA"),
        json::value(json::array{"ES256"}), json::value(256)}) {
    auto header = Header();
    header["alg"] = alg;
    ExpectRejected(Token(header, Payload()), json::serialize(alg));
  }
  auto header = Header();
  header.erase("alg");
  ExpectRejected(Token(header, Payload()), "missing alg");
}

TEST_F(JwtAttackTest, KidMustNameAKeyInTheRing) {
  auto header = Header();
  header["kid"] = "unknown-key";
  ExpectRejected(Token(header, Payload()), "unknown kid");
  header["kid"] = "";
  ExpectRejected(Token(header, Payload()), "empty kid");
  header["kid"] = 1;
  ExpectRejected(Token(header, Payload()), "numeric kid");
  header["kid"] = "../../../../etc/passwd";
  ExpectRejected(Token(header, Payload()), "path kid");
  header.erase("kid");
  ExpectRejected(Token(header, Payload()), "missing kid (no fallback to trying every key)");
}

TEST_F(JwtAttackTest, ForeignKeyClaimingOurKid) {
  const SigningKey attacker = SigningKey::Generate();
  ExpectRejected(testing::SignedToken(Header(), Payload(), attacker), "signed by another key");
  // ...even when the header also embeds the attacker's public key (jwk/jku are never used).
  auto header = Header();
  header["jwk"] = json::object{
      {"kty", "EC"}, {"crv", "P-256"}, {"x", attacker.Jwk().x}, {"y", attacker.Jwk().y}};
  header["jku"] = "https://evil.example.com/jwks.json";
  ExpectRejected(testing::SignedToken(header, Payload(), attacker), "embedded jwk");
}

TEST_F(JwtAttackTest, TypAndCrit) {
  auto header = Header();
  header["typ"] = "application/at+jwt";
  EXPECT_TRUE(service_.Verify(Token(header, Payload())));
  header.erase("typ");
  ExpectRejected(Token(header, Payload()), "no typ");
  header["typ"] = 1;
  ExpectRejected(Token(header, Payload()), "numeric typ");
  for (const char* typ : {"JWT", "id+jwt", "JOSE", "refresh", "AT+JWT ", ""}) {
    header["typ"] = typ;
    ExpectRejected(Token(header, Payload()), typ);
  }
  header = Header();
  header["crit"] = json::array{"exp"};
  ExpectRejected(Token(header, Payload()), "crit");
}

TEST_F(JwtAttackTest, SignatureOfTheWrongLength) {
  const std::string token = Token(Header(), Payload());
  const std::string signature = *Base64UrlDecode(token.substr(token.rfind('.') + 1));
  ASSERT_EQ(signature.size(), 64u);
  ExpectRejected(WithSegment(token, 2, Base64UrlEncode(signature.substr(0, 63))), "63 bytes");
  ExpectRejected(WithSegment(token, 2, Base64UrlEncode(signature + '\0')), "65 bytes");
  ExpectRejected(WithSegment(token, 2, Base64UrlEncode(std::string(64, '\0'))), "r = s = 0");

  // The DER form OpenSSL speaks internally is not a JOSE signature.
  const auto der = Es256ToDer(
      std::span(reinterpret_cast<const unsigned char*>(signature.data()), signature.size()));
  ASSERT_TRUE(der);
  ExpectRejected(WithSegment(token, 2, Base64UrlEncode(*der)), "DER signature");
  ExpectRejected(WithSegment(token, 2, Base64UrlEncode(signature) + "=="), "padded");
}

TEST_F(JwtAttackTest, NonCanonicalBase64IsRefused) {
  const std::string token = Token(Header(), Payload());
  // Same bytes, different text: '+' '/' of standard base64, padding, whitespace.
  std::string padded = WithSegment(
      token, 1, token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1) + "=");
  ExpectRejected(padded, "padding");
  ExpectRejected(" " + token, "leading space");
  ExpectRejected(token + "\n", "trailing newline");
}

TEST_F(JwtAttackTest, MalformedStructure) {
  const std::string token = Token(Header(), Payload());
  for (const std::string& junk :
       {std::string(), std::string("."), std::string(".."), std::string("..."),
        std::string("a.b.c"), token + "." + "x", token + ".", "." + token, std::string("a.b")}) {
    ExpectRejected(junk, junk);
  }
  // Header that is not a JSON object.
  for (const std::string& header :
       {std::string("[]"), std::string("\"ES256\""), std::string("{\"alg\":\"ES256\""),
        std::string("null"), std::string("{\"alg\":\"ES256\",\"kid\":\"\xff\"}")}) {
    ExpectRejected(
        testing::SignedToken(Base64UrlEncode(header), testing::Segment(Payload()), *key_), header);
  }
  // Validly signed payloads that are not claim objects.
  for (const std::string& payload : {std::string("[]"), std::string("{}"), std::string("1"),
                                     std::string("{\"exp\":"), std::string(2000, '[')}) {
    ExpectRejected(
        testing::SignedToken(testing::Segment(Header()), Base64UrlEncode(payload), *key_),
        payload.substr(0, 20));
  }
}

TEST_F(JwtAttackTest, OversizedTokensAreRefusedBeforeParsing) {
  auto payload = Payload();
  payload["pad"] = std::string(7000, 'x');  // signed and otherwise valid, but over 8 KiB
  const std::string token = Token(Header(), payload);
  ASSERT_GT(token.size(), JwtTokenService::kMaxTokenSize);
  ExpectRejected(token, "oversized");
  ExpectRejected(std::string(1 << 20, 'A'), "1 MiB of base64");
}

TEST_F(JwtAttackTest, RandomGarbageNeverThrows) {
  std::mt19937 rng(12345);
  const std::string valid = Token(Header(), Payload());
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = valid;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      mutated[rng() % mutated.size()] = static_cast<char>(rng() % 256);
    }
    if (mutated == valid) continue;
    ExpectRejected(mutated, "mutated: " + valid + " -> " + mutated);
  }
}

}  // namespace
}  // namespace rampart::infrastructure
