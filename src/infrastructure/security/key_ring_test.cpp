#include "infrastructure/security/key_ring.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "infrastructure/security/base64url.hpp"

namespace rampart::infrastructure {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const SigningKey> NewKey(SigningAlgorithm algorithm = SigningAlgorithm::kEs256) {
  return std::make_shared<const SigningKey>(SigningKey::Generate(algorithm));
}

const domain::TimePoint kNow{std::chrono::seconds(1'800'000'000)};

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

TEST(KeyRing, JwksDescribesAnEd25519KeyAsOkp) {
  const auto active = NewKey(SigningAlgorithm::kEdDsa);
  const KeyRing ring(active, {NewKey()});
  const boost::json::value jwks = boost::json::parse(ring.JwksJson());
  const auto& jwk = jwks.at("keys").as_array()[0].as_object();
  EXPECT_EQ(jwk.at("kty").as_string(), "OKP");
  EXPECT_EQ(jwk.at("crv").as_string(), "Ed25519");
  EXPECT_EQ(jwk.at("alg").as_string(), "EdDSA");
  EXPECT_EQ(jwk.at("x").as_string(), active->Jwk().x);
  EXPECT_EQ(Base64UrlDecode(jwk.at("x").as_string())->size(), 32u);
  EXPECT_EQ(jwk.size(), 6u) << "kty, crv, x, kid, use, alg: no y, no d";
  EXPECT_EQ(ring.Algorithms(), (std::vector<std::string>{"EdDSA", "ES256"}));
  const auto header = Base64UrlDecode(ring.ActiveHeaderSegment());
  ASSERT_TRUE(header);
  EXPECT_EQ(boost::json::parse(*header),
            boost::json::parse(R"({"alg":"EdDSA","typ":"at+jwt","kid":")" + active->Kid() + "\"}"));
}

TEST(KeyRing, PublishesActiveNextAndRetiredKeysWithinTheirGrace) {
  KeySet set;
  const auto retired_long_ago = NewKey();
  const auto retired_recently = NewKey();
  const auto active = NewKey();
  const auto next = NewKey();
  set.keys = {
      {.key = retired_long_ago, .state = KeyState::kRetired, .retired_at = kNow - 700s},
      {.key = retired_recently, .state = KeyState::kRetired, .retired_at = kNow - 100s},
      {.key = next, .state = KeyState::kNext},
      {.key = active, .state = KeyState::kActive, .activated_at = kNow - 100s},
  };
  const KeyRing ring = KeyRing::Published(set, kNow, 600s);
  EXPECT_EQ(&ring.Active(), active.get());
  EXPECT_EQ(ring.Kids(),
            (std::vector<std::string>{active->Kid(), next->Kid(), retired_recently->Kid()}));
  EXPECT_EQ(ring.NextExpiry(), kNow + 500s);
  // The moment its grace ends, the key is gone.
  const KeyRing later = KeyRing::Published(set, kNow + 500s, 600s);
  EXPECT_EQ(later.Find(retired_recently->Kid()), nullptr);
  EXPECT_EQ(later.NextExpiry(), std::nullopt);
}

TEST(KeyRing, PublishedNeedsAnActiveKey) {
  KeySet set;
  set.keys = {{.key = NewKey(), .state = KeyState::kNext}};
  EXPECT_THROW(KeyRing::Published(set, kNow, 600s), KeyError);
}

}  // namespace
}  // namespace rampart::infrastructure
