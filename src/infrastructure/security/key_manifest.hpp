#pragma once
// The JSON form of a key set: which keys exist, their algorithm, state and times. A key
// directory keeps it without key material as keys.json beside one <kid>.pem per key; a key
// secret (key_secret_store.hpp) holds it with each key's PKCS#8 PEM in "privateKeyPem".
//
//   {"version":1,"keys":[{"kid":"...","alg":"ES256","state":"active",
//     "createdAt":"2026-12-01T10:00:00Z","activatedAt":"2026-12-01T10:00:00Z"}, ...]}
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infrastructure/security/key_set.hpp"

namespace rampart::infrastructure {

struct ManifestEntry {
  std::string kid;
  SigningAlgorithm algorithm = SigningAlgorithm::kEs256;
  KeyState state = KeyState::kNext;
  domain::TimePoint created_at{};
  std::optional<domain::TimePoint> activated_at;
  std::optional<domain::TimePoint> retired_at;
  std::string private_key_pem;  // empty when the document holds no key material
};

enum class KeyMaterial { kOmitted, kIncluded };

// EncodeManifest: kIncluded adds each key's private key ("privateKeyPem"): the caller must keep the
// text secret.
std::string EncodeManifest(const KeySet& set, KeyMaterial material = KeyMaterial::kOmitted);

// DecodeManifest throws KeyError naming what is wrong (never key material): not JSON, an unknown
// version, a missing or malformed member.
std::vector<ManifestEntry> DecodeManifest(std::string_view json);

}  // namespace rampart::infrastructure
