#pragma once
// Signing keys kept in one secret of a secret store (auth.keys_secret, e.g. an AWS Secrets
// Manager secret): a JSON document, the key directory's manifest with each key's PKCS#8 PEM in
// "privateKeyPem" (key_manifest.hpp), so the same states (next, active, retired) and the same
// rotation logic (KeyManager) apply. Every instance of one issuer names the same secret.
//
// A secret store has no lock and no compare-and-swap (Secrets Manager's PutSecretValue always
// makes the new version current), so Update detects a concurrent writer after the fact instead
// of excluding it: it writes a new version, then reads which version its write replaced (the
// previous stage). When that is not the version it read, another writer stored one in between
// and this write overwrote it: Update applies its change again on top of that version and
// writes once more (at most kMaxAttempts writes). docs/security.md#keys-in-aws-secrets-manager.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "infrastructure/security/key_store.hpp"

namespace rampart::infrastructure {

// VersionedSecret is the port to the secret holding the keys (main/key_secret.cpp speaks to Secrets
// Manager).
class VersionedSecret {
 public:
  struct Version {
    std::string text;        // the secret's value: holds private keys, never logged
    std::string version_id;  // names this version for good
  };
  enum class Stage { kCurrent, kPrevious };  // AWSCURRENT, AWSPREVIOUS

  virtual ~VersionedSecret() = default;
  // Describe names the secret in messages, e.g. "secret aws-sm:prod/rampart/keys".
  virtual std::string Describe() const = 0;
  // ReadForServing returns the current value as serving instances read it (the secret cache,
  // fetched again now); nullopt when the secret has no value yet. Throws KeyError when it cannot be
  // read.
  virtual std::optional<std::string> ReadForServing() = 0;
  // Read returns the version labelled `stage`, read from the store now (no cache); nullopt when
  // none. Throws KeyError.
  virtual std::optional<Version> Read(Stage stage) = 0;
  // Write stores `text` as the new current version (the current one becomes the previous one);
  // returns its version id. Throws KeyError (the secret must exist: it is never created here).
  virtual std::string Write(const std::string& text) = 0;
};

class KeySecretStore final : public KeyStore {
 public:
  static constexpr int kMaxAttempts = 3;

  explicit KeySecretStore(std::shared_ptr<VersionedSecret> secret) : secret_(std::move(secret)) {}

  std::string Describe() const override;
  // Load: empty when the secret has no value yet.
  KeySet Load() override;
  bool Writable() const override { return true; }
  KeySet Update(const std::function<bool(KeySet&)>& change) override;

 private:
  KeySet Decode(const std::string& text);

  std::shared_ptr<VersionedSecret> secret_;  // never null
  std::mutex mutex_;  // serialises this process's loads and updates; guards keys_
  // Keys parsed once per process by kid (a kid is the key's thumbprint).
  std::map<std::string, std::shared_ptr<const SigningKey>, std::less<>> keys_;
};

}  // namespace rampart::infrastructure
