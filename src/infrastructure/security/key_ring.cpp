#include "infrastructure/security/key_ring.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace rampart::infrastructure {
namespace {

std::string BuildJwks(const std::vector<std::shared_ptr<const SigningKey>>& keys) {
  boost::json::array jwks;
  for (const auto& key : keys) {
    jwks.push_back(boost::json::object{
        {"kty", "EC"},
        {"crv", "P-256"},
        {"x", key->Jwk().x},
        {"y", key->Jwk().y},
        {"kid", key->Kid()},
        {"use", "sig"},
        {"alg", "ES256"},
    });
  }
  return boost::json::serialize(boost::json::object{{"keys", std::move(jwks)}});
}

}  // namespace

KeyRing::KeyRing(std::shared_ptr<const SigningKey> active,
                 std::vector<std::shared_ptr<const SigningKey>> verification_only,
                 bool freshly_generated)
    : freshly_generated_(freshly_generated) {
  if (!active) throw KeyError("key ring: no active signing key");
  keys_.push_back(std::move(active));
  for (auto& key : verification_only) {
    if (key && Find(key->Kid()) == nullptr) keys_.push_back(std::move(key));
  }
  jwks_json_ = BuildJwks(keys_);
}

KeyRing KeyRing::FromPemFile(const std::filesystem::path& path) {
  return KeyRing(std::make_shared<const SigningKey>(SigningKey::FromPemFile(path)), {});
}

const SigningKey* KeyRing::Find(std::string_view kid) const {
  const auto it =
      std::find_if(keys_.begin(), keys_.end(), [&](const auto& key) { return key->Kid() == kid; });
  return it == keys_.end() ? nullptr : it->get();
}

}  // namespace rampart::infrastructure
