#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "application/ports/password_hasher.hpp"

namespace rampart::infrastructure {

// Argon2PasswordHasher: Argon2id (libsodium, version 1.3, parallelism 1) producing PHC strings
// "$argon2id$v=19$m=<KiB>,t=<iterations>,p=1$<salt>$<hash>".
// Thread-safe: every call is independent; each Hash/Verify takes `memory_kib` KiB of RAM
// and tens of milliseconds of CPU, so run it on the worker pool.
class Argon2PasswordHasher final : public application::PasswordHasher {
 public:
  // OWASP's minimum recommendation for Argon2id with p=1: 19 MiB, two passes.
  static constexpr std::uint32_t kDefaultMemoryKib = 19456;
  static constexpr std::uint32_t kDefaultIterations = 2;

  // Argon2PasswordHasher throws std::invalid_argument when libsodium does not accept the
  // parameters. Computes one hash with them (for VerifyDummy), so construction costs as much as one
  // Hash.
  explicit Argon2PasswordHasher(std::uint32_t memory_kib = kDefaultMemoryKib,
                                std::uint32_t iterations = kDefaultIterations);

  // Hash throws std::runtime_error when the memory cannot be allocated.
  std::string Hash(std::string_view password) const override;
  // Verify returns false (never an exception) for a malformed or foreign hash.
  bool Verify(std::string_view hash, std::string_view password) const override;
  // NeedsRehash returns true for an Argon2id hash with other parameters, and for anything that is
  // not Argon2id.
  bool NeedsRehash(std::string_view hash) const override;
  void VerifyDummy(std::string_view password) const override;

 private:
  unsigned long long ops_limit_;
  std::size_t mem_limit_bytes_;
  std::string dummy_hash_;
};

}  // namespace rampart::infrastructure
