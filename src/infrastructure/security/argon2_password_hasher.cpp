#include "infrastructure/security/argon2_password_hasher.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "infrastructure/security/sodium.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// libsodium wants a NUL-terminated hash string that fits in crypto_pwhash_STRBYTES; a longer
// string, or one with an embedded NUL, cannot be one of ours.
bool CopyHash(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& out) {
  if (hash.size() >= out.size() || hash.find('\0') != std::string_view::npos) return false;
  out.fill('\0');
  hash.copy(out.data(), hash.size());
  return true;
}

}  // namespace

Argon2PasswordHasher::Argon2PasswordHasher(std::uint32_t memory_kib, std::uint32_t iterations)
    : ops_limit_(iterations), mem_limit_bytes_(static_cast<std::size_t>(memory_kib) * 1024) {
  EnsureSodiumInitialized();
  if (ops_limit_ < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      ops_limit_ > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    throw std::invalid_argument("argon2id: iterations out of range");
  }
  if (mem_limit_bytes_ < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      mem_limit_bytes_ > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("argon2id: memory out of range");
  }
  // The dummy hash is of a random password nobody knows: VerifyDummy can never succeed.
  std::array<unsigned char, 32> secret{};
  randombytes_buf(secret.data(), secret.size());
  dummy_hash_ = Hash(std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
  sodium_memzero(secret.data(), secret.size());
}

std::string Argon2PasswordHasher::Hash(std::string_view password) const {
  telemetry::Span span("password hash", telemetry::SpanKind::kInternal,
                       telemetry::Work::kPasswordHash);
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops_limit_,
                            mem_limit_bytes_, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory while hashing");
  }
  return std::string(out.data());
}

bool Argon2PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  if (!CopyHash(hash, stored)) return false;
  telemetry::Span span("password verify", telemetry::SpanKind::kInternal,
                       telemetry::Work::kPasswordHash);
  // Compares the derived and stored hashes in constant time.
  return crypto_pwhash_str_verify(stored.data(), password.data(), password.size()) == 0;
}

bool Argon2PasswordHasher::NeedsRehash(std::string_view hash) const {
  // crypto_pwhash_str_needs_rehash would accept an Argon2i hash with equal parameters;
  // anything but Argon2id must be upgraded.
  if (!hash.starts_with(kArgon2idPrefix)) return true;
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  if (!CopyHash(hash, stored)) return true;
  return crypto_pwhash_argon2id_str_needs_rehash(stored.data(), ops_limit_, mem_limit_bytes_) != 0;
}

void Argon2PasswordHasher::VerifyDummy(std::string_view password) const {
  (void)Verify(dummy_hash_, password);
}

}  // namespace rampart::infrastructure
