#pragma once
// One operator-supplied key file (auth.signing_key_file): the key signs and is the only key in
// the JWKS. It does not rotate: replacing the file and restarting (or SIGHUP) swaps the key at
// once, so tokens signed by the old one stop verifying. Use a key directory to rotate.
#include <filesystem>
#include <memory>

#include "infrastructure/security/key_store.hpp"

namespace rampart::infrastructure {

class KeyFileStore final : public KeyStore {
 public:
  explicit KeyFileStore(std::filesystem::path file);

  std::string Describe() const override;
  // Load returns the file's key as the active key. Throws KeyError when the file is missing or not
  // an unencrypted EC P-256 or Ed25519 private key in PEM.
  KeySet Load() override;
  bool Writable() const override { return false; }
  // Update throws KeyError: a single file cannot hold a next or a retired key.
  KeySet Update(const std::function<bool(KeySet&)>& change) override;

 private:
  std::filesystem::path file_;
};

}  // namespace rampart::infrastructure
