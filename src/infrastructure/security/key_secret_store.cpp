#include "infrastructure/security/key_secret_store.hpp"

#include <sodium.h>

#include "infrastructure/security/key_manifest.hpp"

namespace rampart::infrastructure {

std::string KeySecretStore::Describe() const { return secret_->Describe(); }

KeySet KeySecretStore::Decode(const std::string& text) {
  KeySet set;
  if (text.empty()) return set;
  std::vector<ManifestEntry> entries;
  try {
    entries = DecodeManifest(text);
  } catch (const KeyError& error) {
    throw KeyError(secret_->Describe() + ": " + error.what());
  }
  std::map<std::string, std::shared_ptr<const SigningKey>, std::less<>> parsed;
  for (auto& entry : entries) {
    std::shared_ptr<const SigningKey> key;
    if (const auto known = keys_.find(entry.kid); known != keys_.end()) {
      key = known->second;
    } else {
      if (entry.private_key_pem.empty()) {
        throw KeyError(secret_->Describe() + ": key " + entry.kid + " has no privateKeyPem");
      }
      try {
        key = std::make_shared<const SigningKey>(SigningKey::FromPem(entry.private_key_pem));
      } catch (const KeyError&) {
        sodium_memzero(entry.private_key_pem.data(), entry.private_key_pem.size());
        throw KeyError(secret_->Describe() + ": the privateKeyPem of key " + entry.kid +
                       " is not an unencrypted EC P-256 or Ed25519 private key in PEM");
      }
      if (key->Kid() != entry.kid) {
        throw KeyError(secret_->Describe() + ": the privateKeyPem of key " + entry.kid +
                       " holds key " + key->Kid());
      }
    }
    sodium_memzero(entry.private_key_pem.data(), entry.private_key_pem.size());
    if (key->Algorithm() != entry.algorithm) {
      throw KeyError(secret_->Describe() + ": key " + entry.kid + " is not " +
                     std::string(ToString(entry.algorithm)) + " as its alg says");
    }
    parsed.emplace(entry.kid, key);
    set.keys.push_back(KeyEntry{.key = std::move(key),
                                .state = entry.state,
                                .created_at = entry.created_at,
                                .activated_at = entry.activated_at,
                                .retired_at = entry.retired_at});
  }
  try {
    CheckConsistent(set);
  } catch (const KeyError& error) {
    throw KeyError(secret_->Describe() + ": " + error.what());
  }
  keys_ = std::move(parsed);  // forget the keys that left the set
  return set;
}

KeySet KeySecretStore::Load() {
  std::lock_guard guard(mutex_);
  auto text = secret_->ReadForServing();
  if (!text) return {};
  KeySet set = Decode(*text);
  sodium_memzero(text->data(), text->size());
  return set;
}

KeySet KeySecretStore::Update(const std::function<bool(KeySet&)>& change) {
  std::lock_guard guard(mutex_);
  auto base = secret_->Read(VersionedSecret::Stage::kCurrent);
  // The version a write must replace when no other writer came in between: the one read, and
  // after an overwrite, this process's own previous write.
  std::optional<std::string> expected = base ? std::optional(base->version_id) : std::nullopt;
  for (int attempt = 1;; ++attempt) {
    KeySet after = base ? Decode(base->text) : KeySet{};
    // A repeated attempt writes even when `change` finds nothing to do on the other writer's
    // version: the store holds this process's overwrite until then.
    if (!change(after) && attempt == 1) return after;
    CheckConsistent(after);
    std::string text = EncodeManifest(after, KeyMaterial::kIncluded);
    const std::string written = secret_->Write(text);
    sodium_memzero(text.data(), text.size());
    // Which version did the write replace? The expected one: no writer came in between. This
    // write's own: a later writer replaced it, and that writer (running this same check) built
    // on it or applies its change on top of it.
    auto previous = secret_->Read(VersionedSecret::Stage::kPrevious);
    const auto previous_id = previous ? std::optional(previous->version_id) : std::nullopt;
    if (previous_id == expected || previous_id == written) return after;
    if (attempt == kMaxAttempts) {
      throw KeyError(secret_->Describe() +
                     ": other writers stored versions while this one was "
                     "writing, " +
                     std::to_string(kMaxAttempts) +
                     " times in a row; the current version may lack one of their changes: "
                     "check `rampart keys list`");
    }
    if (!previous) {
      throw KeyError(secret_->Describe() + ": after a write, the store names no previous version");
    }
    // Another writer stored `previous` between the read and the write, and this write
    // overwrote it: apply the change again on top of its version.
    base = std::move(previous);
    expected = written;
  }
}

}  // namespace rampart::infrastructure
