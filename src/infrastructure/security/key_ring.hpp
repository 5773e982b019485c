#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infrastructure/security/key_set.hpp"
#include "infrastructure/security/signing_key.hpp"

namespace rampart::infrastructure {

// KeyRing: the keys tokens are signed and verified with at one moment: the active key that signs,
// plus the published keys that only verify (next keys, retired keys within their grace). Immutable
// after construction and therefore safe to share between threads; a rotation builds a new ring
// (KeyManager) that replaces this one.
class KeyRing {
 public:
  // KeyRing: keys whose kid repeats an earlier one (the same key loaded twice) are dropped.
  KeyRing(std::shared_ptr<const SigningKey> active,
          std::vector<std::shared_ptr<const SigningKey>> verification_only);

  // Published returns the keys of `set` published at `now` (IsPublished). Throws KeyError when the
  // set has no active key.
  static KeyRing Published(const KeySet& set, domain::TimePoint now, std::chrono::seconds grace);

  const SigningKey& Active() const { return *keys_.front(); }
  // ActiveHeaderSegment: base64url of the active key's JOSE header, the first segment of every
  // token it signs.
  const std::string& ActiveHeaderSegment() const { return header_segment_; }
  // Find returns the key with this kid, or nullptr. An exact match only: no fallback to other keys.
  const SigningKey* Find(std::string_view kid) const;
  // Keys returns the active key first, then the verification-only keys.
  const std::vector<std::shared_ptr<const SigningKey>>& Keys() const { return keys_; }
  // Kids returns the kids of Keys(), in that order.
  std::vector<std::string> Kids() const;
  // Algorithms returns the JOSE algorithms of the keys, the active key's first, each once.
  std::vector<std::string> Algorithms() const;

  // JwksJson: {"keys":[{"kty":"EC","crv":"P-256","x":..,"y":..,"kid":..,"use":"sig","alg":"ES256"},
  // {"kty":"OKP","crv":"Ed25519","x":..,"kid":..,"use":"sig","alg":"EdDSA"},..]}
  // for GET /.well-known/jwks.json: the public halves of every key in the ring.
  const std::string& JwksJson() const { return jwks_json_; }

  // NextExpiry: when the next retired key of this ring stops being published (Published only);
  // nullopt when none will.
  std::optional<domain::TimePoint> NextExpiry() const { return next_expiry_; }

 private:
  std::vector<std::shared_ptr<const SigningKey>> keys_;
  std::string header_segment_;
  std::string jwks_json_;
  std::optional<domain::TimePoint> next_expiry_;
};

}  // namespace rampart::infrastructure
