#pragma once
// Signing keys kept as files in a directory (the data dir's keys/), one PKCS#8 PEM per key,
// named <kid>.pem. Rotation: add a key (GenerateKeyFile) and restart; the newest key signs,
// the others keep verifying until they are deleted.
#include <filesystem>

#include "infrastructure/security/key_ring.hpp"

namespace rampart::infrastructure {

/// Loads every *.pem in `keys_dir`; the active key is the newest by modification time (ties:
/// the greatest file name). When there is none, creates the directory (mode 0700) if needed and
/// generates one key first; the ring then reports FreshlyGenerated(). Throws KeyError on an
/// unreadable directory or any *.pem that is not an EC P-256 private key.
KeyRing LoadOrCreateKeyRing(const std::filesystem::path& keys_dir);

/// Generates a key and writes it to `<keys_dir>/<kid>.pem` with mode 0600, atomically (a
/// temporary file, fsync, rename, fsync of the directory), so a crash never leaves half a key.
/// Creates `keys_dir` with mode 0700 when missing. Returns the new file's path.
std::filesystem::path GenerateKeyFile(const std::filesystem::path& keys_dir);

}  // namespace rampart::infrastructure
