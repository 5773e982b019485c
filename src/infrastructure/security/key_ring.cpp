#include "infrastructure/security/key_ring.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/jose_header.hpp"

namespace rampart::infrastructure {
KeyRing::KeyRing(std::shared_ptr<const SigningKey> active,
                 std::vector<std::shared_ptr<const SigningKey>> verification_only) {
  if (!active) throw KeyError("key ring: no active signing key");
  keys_.push_back(std::move(active));
  for (auto& key : verification_only) {
    if (key && Find(key->Kid()) == nullptr) keys_.push_back(std::move(key));
  }
  header_segment_ = Base64UrlEncode(EncodeHeader(Active().Algorithm(), Active().Kid()));
  jwks_json_ = JwksJsonOf(keys_);
}

KeyRing KeyRing::Published(const KeySet& set, domain::TimePoint now, std::chrono::seconds grace) {
  const KeyEntry* active = set.Active();
  if (active == nullptr) throw KeyError("key store holds no active signing key");
  std::vector<std::shared_ptr<const SigningKey>> others;
  std::optional<domain::TimePoint> next_expiry;
  // Next keys before retired ones: the JWKS reads in the order of the keys' lives.
  for (const KeyState state : {KeyState::kNext, KeyState::kRetired}) {
    for (const auto& entry : set.keys) {
      if (entry.state != state || !IsPublished(entry, now, grace)) continue;
      others.push_back(entry.key);
      if (state == KeyState::kRetired) {
        const auto until = *entry.retired_at + grace;
        if (!next_expiry || until < *next_expiry) next_expiry = until;
      }
    }
  }
  KeyRing ring(active->key, std::move(others));
  ring.next_expiry_ = next_expiry;
  return ring;
}

const SigningKey* KeyRing::Find(std::string_view kid) const {
  const auto it =
      std::find_if(keys_.begin(), keys_.end(), [&](const auto& key) { return key->Kid() == kid; });
  return it == keys_.end() ? nullptr : it->get();
}

std::vector<std::string> KeyRing::Kids() const {
  std::vector<std::string> kids;
  for (const auto& key : keys_) kids.push_back(key->Kid());
  return kids;
}

std::vector<std::string> KeyRing::Algorithms() const {
  std::vector<std::string> algorithms;
  for (const auto& key : keys_) {
    const std::string name(ToString(key->Algorithm()));
    if (std::find(algorithms.begin(), algorithms.end(), name) == algorithms.end()) {
      algorithms.push_back(name);
    }
  }
  return algorithms;
}

}  // namespace rampart::infrastructure
