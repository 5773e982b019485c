#include "infrastructure/security/key_ring.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/test_support.hpp"

namespace rampart::infrastructure {
namespace {

std::shared_ptr<const SigningKey> NewKey() {
  return std::make_shared<const SigningKey>(SigningKey::Generate());
}

TEST(KeyRing, FindsKeysByExactKidOnly) {
  const auto active = NewKey();
  const auto old = NewKey();
  const KeyRing ring(active, {old});
  EXPECT_EQ(&ring.Active(), active.get());
  EXPECT_EQ(ring.Find(active->Kid()), active.get());
  EXPECT_EQ(ring.Find(old->Kid()), old.get());
  EXPECT_EQ(ring.Find(""), nullptr);
  EXPECT_EQ(ring.Find(active->Kid().substr(1)), nullptr);
  EXPECT_EQ(ring.Find(active->Kid() + "x"), nullptr);
  EXPECT_FALSE(ring.FreshlyGenerated());
}

TEST(KeyRing, DropsDuplicateKeys) {
  const auto active = NewKey();
  const auto copy =
      std::make_shared<const SigningKey>(SigningKey::FromPem(active->PrivateKeyPem()));
  const KeyRing ring(active, {copy, nullptr});
  EXPECT_EQ(ring.Keys().size(), 1u);
  EXPECT_THROW(KeyRing(nullptr, {}), KeyError);
}

TEST(KeyRing, JwksListsThePublicHalfOfEveryKey) {
  const auto active = NewKey();
  const auto old = NewKey();
  const KeyRing ring(active, {old});
  const auto jwks = boost::json::parse(ring.JwksJson()).as_object();
  const auto& keys = jwks.at("keys").as_array();
  ASSERT_EQ(keys.size(), 2u);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto& jwk = keys[i].as_object();
    const SigningKey& expected = i == 0 ? *active : *old;
    EXPECT_EQ(jwk.at("kty").as_string(), "EC");
    EXPECT_EQ(jwk.at("crv").as_string(), "P-256");
    EXPECT_EQ(jwk.at("use").as_string(), "sig");
    EXPECT_EQ(jwk.at("alg").as_string(), "ES256");
    EXPECT_EQ(jwk.at("kid").as_string(), expected.Kid());
    EXPECT_EQ(jwk.at("x").as_string(), expected.Jwk().x);
    EXPECT_EQ(jwk.at("y").as_string(), expected.Jwk().y);
    EXPECT_EQ(Base64UrlDecode(jwk.at("x").as_string())->size(), 32u);
    EXPECT_EQ(Base64UrlDecode(jwk.at("y").as_string())->size(), 32u);
    // Nothing private: exactly the seven public members.
    EXPECT_EQ(jwk.size(), 7u);
    EXPECT_FALSE(jwk.contains("d"));
  }
}

TEST(KeyRing, FromPemFileLoadsAnOperatorKey) {
  testing::TempDir dir;
  const SigningKey key = SigningKey::Generate();
  const auto path = dir.Path() / "operator-key.pem";
  std::ofstream(path) << key.PrivateKeyPem();
  const KeyRing ring = KeyRing::FromPemFile(path);
  EXPECT_EQ(ring.Active().Kid(), key.Kid());
  EXPECT_EQ(ring.Keys().size(), 1u);
  EXPECT_FALSE(ring.FreshlyGenerated());
}

TEST(KeyRing, FromPemFileExplainsWhatIsWrong) {
  testing::TempDir dir;
  EXPECT_THROW(KeyRing::FromPemFile(dir.Path() / "absent.pem"), KeyError);
  const auto public_only = dir.Path() / "public.pem";
  std::ofstream(public_only) << SigningKey::Generate().PublicKeyPem();
  try {
    (void)KeyRing::FromPemFile(public_only);
    FAIL() << "a public key cannot sign";
  } catch (const KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("public.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rampart::infrastructure
