#include "infrastructure/security/signing_key.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <fstream>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/test_support.hpp"

namespace rampart::infrastructure {
namespace {

// RFC 7515 Appendix A.3: the ES256 example key (as SEC1 PEM), its public coordinates, and the
// example JWS it signed.
constexpr std::string_view kRfc7515Pem = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEII6bEJ5xkJi/mASH3x9dd+nLKWBuvtImO19XwhPfhPSyoAoGCCqGSM49
AwEHoUQDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEXH8UTNG72b
focs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==
-----END EC PRIVATE KEY-----
)";
constexpr std::string_view kRfc7515X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
constexpr std::string_view kRfc7515Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
constexpr std::string_view kRfc7515SigningInput =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlf"
    "Q";
constexpr std::string_view kRfc7515Signature =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

std::span<const unsigned char> Span(const Signature& s) { return {s.data(), s.size()}; }

TEST(SigningKey, ReadsThePublicCoordinatesOfAKnownKey) {
  const SigningKey key = SigningKey::FromPem(kRfc7515Pem);
  EXPECT_EQ(key.Jwk().x, kRfc7515X);
  EXPECT_EQ(key.Jwk().y, kRfc7515Y);
}

TEST(SigningKey, VerifiesTheRfc7515Es256Example) {
  const SigningKey key = SigningKey::FromPem(kRfc7515Pem);
  const auto signature = Base64UrlDecode(kRfc7515Signature);
  ASSERT_TRUE(signature);
  const std::span<const unsigned char> bytes(
      reinterpret_cast<const unsigned char*>(signature->data()), signature->size());
  EXPECT_TRUE(key.Verify(kRfc7515SigningInput, bytes));
  EXPECT_FALSE(key.Verify(std::string(kRfc7515SigningInput) + "x", bytes));
}

TEST(SigningKey, KidIsTheRfc7638Thumbprint) {
  const SigningKey key = SigningKey::Generate();
  // Computed independently from the JWK members, in the RFC's canonical member order.
  const std::string canonical =
      R"({"crv":"P-256","kty":"EC","x":")" + key.Jwk().x + R"(","y":")" + key.Jwk().y + R"("})";
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest);
  EXPECT_EQ(key.Kid(), Base64UrlEncode(std::span<const unsigned char>(digest, sizeof digest)));
  EXPECT_EQ(key.Kid().size(), 43u);
}

TEST(SigningKey, CoordinatesAre32BytesEvenWithLeadingZeroes) {
  // About one key in 128 has a coordinate below 2^248; generate until both cases were seen.
  bool saw_short_coordinate = false;
  for (int i = 0; i < 2000 && !saw_short_coordinate; ++i) {
    const SigningKey key = SigningKey::Generate();
    for (const std::string* c : {&key.Jwk().x, &key.Jwk().y}) {
      const auto bytes = Base64UrlDecode(*c);
      ASSERT_TRUE(bytes);
      ASSERT_EQ(bytes->size(), 32u);
      if ((*bytes)[0] == '\0') saw_short_coordinate = true;
    }
  }
  EXPECT_TRUE(saw_short_coordinate);
}

TEST(SigningKey, SignatureVerifiesOnlyForTheSameDataAndKey) {
  const SigningKey key = SigningKey::Generate();
  const SigningKey other = SigningKey::Generate();
  const Signature signature = key.Sign("header.payload");
  EXPECT_TRUE(key.Verify("header.payload", Span(signature)));
  EXPECT_FALSE(key.Verify("header.payloaD", Span(signature)));
  EXPECT_FALSE(other.Verify("header.payload", Span(signature)));

  Signature flipped = signature;
  flipped[10] ^= 0x01;
  EXPECT_FALSE(key.Verify("header.payload", Span(flipped)));
  EXPECT_FALSE(key.Verify("header.payload", Span(signature).first(63)));
  EXPECT_FALSE(key.Verify("header.payload", {}));
}

TEST(SigningKey, PemRoundTripKeepsTheKey) {
  const SigningKey key = SigningKey::Generate();
  const std::string pem = key.PrivateKeyPem();
  EXPECT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << "PKCS#8 expected";
  const SigningKey reloaded = SigningKey::FromPem(pem);
  EXPECT_EQ(reloaded.Kid(), key.Kid());
  const Signature signature = reloaded.Sign("data");
  EXPECT_TRUE(key.Verify("data", Span(signature)));
  EXPECT_TRUE(key.PublicKeyPem().starts_with("-----BEGIN PUBLIC KEY-----\n"));
}

TEST(SigningKey, RefusesWhatIsNotAnUnencryptedP256OrEd25519PrivateKey) {
  const SigningKey key = SigningKey::Generate();
  EXPECT_THROW(SigningKey::FromPem(""), KeyError);
  EXPECT_THROW(SigningKey::FromPem("garbage"), KeyError);
  EXPECT_THROW(SigningKey::FromPem(key.PublicKeyPem()), KeyError);
  // P-384 (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384).
  EXPECT_THROW(SigningKey::FromPem(R"(-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDDIfjXqNOnG8IgTk3uk
yk7xy4hgS7NSh02w37+1yHEYLIMQqPzZWYFCHkJiegKNKdOhZANiAAQNQ2yeNvRT
G+QmcMmKmlLU6ETexeB/dz2ckftkXvGJCRO//GAR6nNCxexOXYMhCkJMigK4DQQk
gj2yW0znWIKmAN4G0QqMIbcG/NzdDR2Qy1hpPhZk4NyxJ3szKkp7C8g=
-----END PRIVATE KEY-----
)"),
               KeyError);
  // X25519 (openssl genpkey -algorithm x25519): a key-agreement key, not a signing key.
  EXPECT_THROW(SigningKey::FromPem(R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VuBCIEINiQDYKKr/vFkZinOiiJoqUyoB5NPMfgjIidR9AWgd91
-----END PRIVATE KEY-----
)"),
               KeyError);
  // An Ed25519 public key alone cannot sign.
  EXPECT_THROW(SigningKey::FromPem(SigningKey::Generate(SigningAlgorithm::kEdDsa).PublicKeyPem()),
               KeyError);
}

TEST(SigningKey, AcceptsPkcs8WithoutTheOptionalPublicKey) {
  // The RFC 7515 key as PKCS#8 holding only the private scalar (openssl pkey output).
  const SigningKey key = SigningKey::FromPem(R"(-----BEGIN PRIVATE KEY-----
MEECAQAwEwYHKoZIzj0CAQYIKoZIzj0DAQcEJzAlAgEBBCCOmxCecZCYv5gEh98f
XXfpyylgbr7SJjtfV8IT34T0sg==
-----END PRIVATE KEY-----
)");
  EXPECT_EQ(key.Jwk().x, kRfc7515X);
  EXPECT_EQ(key.Jwk().y, kRfc7515Y);
}

TEST(SigningKey, FromPemFileNamesTheFileInItsErrors) {
  testing::TempDir dir;
  const auto missing = dir.Path() / "missing.pem";
  try {
    (void)SigningKey::FromPemFile(missing);
    FAIL() << "expected KeyError";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.pem"), std::string::npos) << e.what();
  }
  const auto bad = dir.Path() / "bad.pem";
  std::ofstream(bad) << "not a key";
  try {
    (void)SigningKey::FromPemFile(bad);
    FAIL() << "expected KeyError";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rampart::infrastructure

namespace rampart::infrastructure {
namespace {

// RFC 8037 Appendix A: the Ed25519 example key (A.1, as PKCS#8), its thumbprint (A.3) and the
// signature of the example JWS (A.4).
constexpr std::string_view kRfc8037Pem = R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
-----END PRIVATE KEY-----
)";
constexpr std::string_view kRfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr std::string_view kRfc8037Thumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
constexpr std::string_view kRfc8037SigningInput =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
constexpr std::string_view kRfc8037Signature =
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

TEST(SigningKeyEdDsa, ReadsTheRfc8037KeyAndItsThumbprint) {
  const SigningKey key = SigningKey::FromPem(kRfc8037Pem);
  EXPECT_EQ(key.Algorithm(), SigningAlgorithm::kEdDsa);
  EXPECT_EQ(key.Jwk().kty, "OKP");
  EXPECT_EQ(key.Jwk().crv, "Ed25519");
  EXPECT_EQ(key.Jwk().x, kRfc8037X);
  EXPECT_TRUE(key.Jwk().y.empty());
  EXPECT_EQ(key.Kid(), kRfc8037Thumbprint);
}

TEST(SigningKeyEdDsa, SignsTheRfc8037ExampleExactly) {
  const SigningKey key = SigningKey::FromPem(kRfc8037Pem);
  // Ed25519 is deterministic: the same key and input give the RFC's very bytes.
  EXPECT_EQ(Base64UrlEncode(key.Sign(kRfc8037SigningInput)), kRfc8037Signature);
  const auto signature = Base64UrlDecode(kRfc8037Signature);
  ASSERT_TRUE(signature);
  const std::span<const unsigned char> bytes(
      reinterpret_cast<const unsigned char*>(signature->data()), signature->size());
  EXPECT_TRUE(key.Verify(kRfc8037SigningInput, bytes));
  EXPECT_FALSE(key.Verify(std::string(kRfc8037SigningInput) + "x", bytes));
  EXPECT_FALSE(key.Verify(kRfc8037SigningInput, bytes.first(63)));
}

TEST(SigningKeyEdDsa, GeneratedKeysRoundTripThroughPem) {
  const SigningKey key = SigningKey::Generate(SigningAlgorithm::kEdDsa);
  const SigningKey reloaded = SigningKey::FromPem(key.PrivateKeyPem());
  EXPECT_EQ(reloaded.Kid(), key.Kid());
  EXPECT_EQ(reloaded.Algorithm(), SigningAlgorithm::kEdDsa);
  const Signature signature = reloaded.Sign("data");
  EXPECT_TRUE(key.Verify("data", signature));
  // A signature of one algorithm never verifies under a key of the other.
  const SigningKey ec = SigningKey::Generate(SigningAlgorithm::kEs256);
  EXPECT_FALSE(ec.Verify("data", signature));
  EXPECT_FALSE(key.Verify("data", ec.Sign("data")));
}

TEST(SigningAlgorithmNames, AreTheJoseNames) {
  EXPECT_EQ(ToString(SigningAlgorithm::kEs256), "ES256");
  EXPECT_EQ(ToString(SigningAlgorithm::kEdDsa), "EdDSA");
  EXPECT_EQ(ParseSigningAlgorithm("EdDSA"), SigningAlgorithm::kEdDsa);
  EXPECT_EQ(ParseSigningAlgorithm("ES256"), SigningAlgorithm::kEs256);
  EXPECT_EQ(ParseSigningAlgorithm("es256"), std::nullopt);
  EXPECT_EQ(ParseSigningAlgorithm("Ed25519"), std::nullopt);
}

}  // namespace
}  // namespace rampart::infrastructure
