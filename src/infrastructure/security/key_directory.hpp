#pragma once
// Signing keys kept in a directory (auth.keys_dir, by default <data_dir>/keys): keys.json, the
// manifest (key_manifest.hpp), and one PKCS#8 PEM per key named <kid>.pem, all mode 0600 in a
// 0700 directory. Several instances may share the directory (a shared volume): readers need no
// lock (the manifest is replaced by an atomic rename, key files are written before the manifest
// names them and deleted only after it stopped naming them); writers — `rampart keys`, the
// automatic rotation of any instance — exclude each other with flock(2) on <dir>/.lock.
//
// A directory written before manifests existed (only *.pem files) still loads: the newest file
// is the active key, the others retired when it appeared. Its first update writes a manifest.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "infrastructure/security/key_store.hpp"

namespace rampart::infrastructure {

class KeyDirectory final : public KeyStore {
 public:
  explicit KeyDirectory(std::filesystem::path dir);

  std::string Describe() const override;
  // Load: empty when the directory does not exist or holds no key.
  KeySet Load() override;
  bool Writable() const override { return true; }
  // Update creates the directory (mode 0700) when missing.
  KeySet Update(const std::function<bool(KeySet&)>& change) override;

  const std::filesystem::path& Path() const { return dir_; }

 private:
  KeySet LoadLocked();
  KeySet LoadLegacy();
  // KeyOf returns the key in <kid>.pem, parsed once per process (a kid is the thumbprint of the
  // key, so the content of a file with that name never changes); nullptr when the file does not
  // exist.
  std::shared_ptr<const SigningKey> KeyOf(const std::string& kid);

  std::filesystem::path dir_;
  std::mutex mutex_;  // serialises this process's loads and updates; guards keys_
  std::map<std::string, std::shared_ptr<const SigningKey>, std::less<>> keys_;
};

}  // namespace rampart::infrastructure
