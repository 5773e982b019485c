// The JWKS of an external issuer: which keys are kept (ES256 on P-256 only), which documents are
// refused, and that a kept key verifies exactly what its private half signed.
#include "infrastructure/security/jwks.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/remote_jwks.hpp"

namespace rampart::infrastructure {
namespace {

namespace json = boost::json;

std::shared_ptr<const SigningKey> NewKey(SigningAlgorithm algorithm = SigningAlgorithm::kEs256) {
  return std::make_shared<const SigningKey>(SigningKey::Generate(algorithm));
}

json::object EcJwk(const SigningKey& key) {
  return {{"kty", "EC"},      {"crv", "P-256"}, {"x", key.Jwk().x}, {"y", key.Jwk().y},
          {"kid", key.Kid()}, {"use", "sig"},   {"alg", "ES256"}};
}

std::string Jwks(const std::vector<json::value>& keys) {
  return json::serialize(json::object{{"keys", json::array(keys.begin(), keys.end())}});
}

std::span<const unsigned char> Bytes(const Signature& s) { return {s.data(), s.size()}; }

TEST(Jwks, ReadsRampartsOwnJwksAndVerifiesWhatItsKeysSigned) {
  const auto es256 = NewKey();
  const auto eddsa = NewKey(SigningAlgorithm::kEdDsa);
  // What GET /.well-known/jwks.json serves: an ES256 key and, after a rotation to EdDSA, an
  // Ed25519 one, which this verifier does not use.
  const KeyRing ring(es256, {eddsa});
  const auto keys = ParseJwks(ring.JwksJson());
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_EQ(keys->by_kid.size(), 1u);
  EXPECT_EQ(keys->skipped, 1u);
  const Es256PublicKey* key = keys->Find(es256->Kid());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(keys->Find(eddsa->Kid()), nullptr);

  EXPECT_TRUE(key->Verify("signed input", Bytes(es256->Sign("signed input"))));
  EXPECT_FALSE(key->Verify("other input", Bytes(es256->Sign("signed input"))));
  EXPECT_FALSE(key->Verify("signed input", Bytes(NewKey()->Sign("signed input"))));
}

TEST(Jwks, SkipsKeysOfAnotherTypeCurveAlgorithmOrUse) {
  const auto key = NewKey();
  auto other_alg = EcJwk(*key);
  other_alg["alg"] = "ES384";
  other_alg["kid"] = "es384";
  auto encryption = EcJwk(*key);
  encryption["use"] = "enc";
  encryption["kid"] = "enc";
  auto other_curve = EcJwk(*key);
  other_curve["crv"] = "P-384";
  other_curve["kid"] = "p384";
  auto no_kid = EcJwk(*key);
  no_kid.erase("kid");
  const json::object rsa{{"kty", "RSA"}, {"kid", "rsa"}, {"n", "AQAB"}, {"e", "AQAB"}};
  const json::object hmac{{"kty", "oct"}, {"kid", "hs"}, {"k", "c2VjcmV0"}};
  auto bare = EcJwk(*key);  // alg and use are optional
  bare.erase("alg");
  bare.erase("use");

  const auto keys = ParseJwks(Jwks({other_alg, encryption, other_curve, no_kid, rsa, hmac, bare}));
  ASSERT_TRUE(keys) << keys.error();
  EXPECT_EQ(keys->skipped, 6u);
  ASSERT_EQ(keys->by_kid.size(), 1u);
  EXPECT_NE(keys->Find(key->Kid()), nullptr);
}

TEST(Jwks, RefusesDocumentsThatAreNotAUsableKeySet) {
  const auto key = NewKey();
  auto with_private = EcJwk(*key);
  with_private["d"] = Base64UrlEncode(std::string(32, '\x01'));
  auto off_curve = EcJwk(*key);
  off_curve["y"] = Base64UrlEncode(std::string(32, '\x01'));  // not the point's y
  auto short_x = EcJwk(*key);
  short_x["x"] = Base64UrlEncode(std::string(31, '\x01'));
  std::vector<json::value> many(kMaxJwksKeys + 1, json::object{{"kty", "RSA"}});

  for (const auto& [document, why] : std::vector<std::pair<std::string, std::string>>{
           {"not json", "not JSON"},
           {"[]", "an array"},
           {R"({"keys":{}})", "keys not an array"},
           {R"({"keys":[1]})", "a key not an object"},
           {Jwks({with_private}), "a private key"},
           {Jwks({off_curve}), "a point off the curve"},
           {Jwks({short_x}), "a short coordinate"},
           {Jwks({EcJwk(*key), EcJwk(*key)}), "a repeated kid"},
           {json::serialize(json::object{{"keys", json::array(many.begin(), many.end())}}),
            "too many keys"},
       }) {
    EXPECT_FALSE(ParseJwks(document)) << why;
  }
}

TEST(Jwks, JwksUrlOfAppendsTheWellKnownPath) {
  EXPECT_EQ(JwksUrlOf("https://id.example.com"), "https://id.example.com/.well-known/jwks.json");
  EXPECT_EQ(JwksUrlOf("http://127.0.0.1:8080/"), "http://127.0.0.1:8080/.well-known/jwks.json");
  EXPECT_EQ(JwksUrlOf("https://example.com/tenant"),
            "https://example.com/tenant/.well-known/jwks.json");
  EXPECT_EQ(JwksUrlOf("ftp://example.com"), std::nullopt);
  EXPECT_EQ(JwksUrlOf("https://example.com/?a=b"), std::nullopt);
  EXPECT_EQ(JwksUrlOf(""), std::nullopt);
}

}  // namespace
}  // namespace rampart::infrastructure
