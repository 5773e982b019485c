#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "application/ports/password_hasher.hpp"
#include "infrastructure/security/argon2_memory.hpp"

namespace rampart::infrastructure {

// Argon2PasswordHasher: Argon2id (version 1.3, parallelism 1) producing PHC strings
// "$argon2id$v=19$m=<KiB>,t=<iterations>,p=1$<salt>$<hash>", the strings libsodium writes and
// reads. The reference libargon2 computes them on memory leased from a pool (argon2_memory.hpp)
// instead of libsodium's fresh mapping per call; libsodium verifies hashes of other parameters.
// Thread-safe; each Hash/Verify holds `memory_kib` KiB (kept in the pool afterwards: one region
// per hash ever running at once) and tens of milliseconds of CPU, so run it on the worker pool.
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

  ~Argon2PasswordHasher() override;
  Argon2PasswordHasher(const Argon2PasswordHasher&) = delete;
  Argon2PasswordHasher& operator=(const Argon2PasswordHasher&) = delete;

  // memory: the pool the hashes run on (for tests and metrics).
  const Argon2MemoryPool& memory() const { return *memory_; }

 private:
  // Compute writes Argon2id(password, salt) with this hasher's memory into `out`; false when
  // libargon2 refuses the input.
  bool Compute(std::string_view password, std::span<const unsigned char> salt,
               std::uint32_t iterations, std::span<unsigned char> out) const;

  unsigned long long ops_limit_;
  std::size_t mem_limit_bytes_;
  std::uint32_t memory_kib_;
  std::uint32_t iterations_;
  std::unique_ptr<Argon2MemoryPool> memory_;
  std::string dummy_hash_;
};

}  // namespace rampart::infrastructure
