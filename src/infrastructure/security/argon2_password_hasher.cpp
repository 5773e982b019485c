#include "infrastructure/security/argon2_password_hasher.hpp"

#include <argon2.h>
#include <sodium.h>

#include <array>
#include <limits>
#include <stdexcept>

#include "infrastructure/security/argon2_phc.hpp"
#include "infrastructure/security/sodium.hpp"
#include "telemetry/span.hpp"

namespace rampart::infrastructure {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr std::size_t kSaltBytes = crypto_pwhash_SALTBYTES;  // 16, as libsodium writes them
constexpr std::size_t kHashBytes = 32;

// libsodium wants a NUL-terminated hash string that fits in crypto_pwhash_STRBYTES; a longer
// string, or one with an embedded NUL, cannot be one of ours.
bool CopyHash(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& out) {
  if (hash.size() >= out.size() || hash.find('\0') != std::string_view::npos) return false;
  out.fill('\0');
  hash.copy(out.data(), hash.size());
  return true;
}

// libargon2 asks for its memory through a callback without a context argument: the region the
// calling thread leased is handed over through this thread's slot.
thread_local std::span<unsigned char> t_leased;

int UseLeased(std::uint8_t** memory, std::size_t bytes) {
  if (bytes > t_leased.size()) return ARGON2_MEMORY_ALLOCATION_ERROR;
  *memory = t_leased.data();
  return ARGON2_OK;
}

void KeepLeased(std::uint8_t* /*memory*/, std::size_t /*bytes*/) {}

}  // namespace

Argon2PasswordHasher::Argon2PasswordHasher(std::uint32_t memory_kib, std::uint32_t iterations)
    : ops_limit_(iterations),
      mem_limit_bytes_(static_cast<std::size_t>(memory_kib) * 1024),
      memory_kib_(memory_kib),
      iterations_(iterations) {
  EnsureSodiumInitialized();
  if (ops_limit_ < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      ops_limit_ > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    throw std::invalid_argument("argon2id: iterations out of range");
  }
  if (mem_limit_bytes_ < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      mem_limit_bytes_ > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("argon2id: memory out of range");
  }
  memory_ = std::make_unique<Argon2MemoryPool>(mem_limit_bytes_);
  // The dummy hash is of a random password nobody knows: VerifyDummy can never succeed.
  std::array<unsigned char, 32> secret{};
  randombytes_buf(secret.data(), secret.size());
  dummy_hash_ = Hash(std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
  sodium_memzero(secret.data(), secret.size());
}

Argon2PasswordHasher::~Argon2PasswordHasher() = default;

bool Argon2PasswordHasher::Compute(std::string_view password, std::span<const unsigned char> salt,
                                   std::uint32_t iterations, std::span<unsigned char> out) const {
  if (password.size() > std::numeric_limits<std::uint32_t>::max()) return false;
  const Argon2MemoryPool::Lease lease = memory_->Acquire();
  argon2_context context{};
  context.out = out.data();
  context.outlen = static_cast<std::uint32_t>(out.size());
  // libargon2 reads the password and salt only (no ARGON2_FLAG_CLEAR_PASSWORD).
  context.pwd = reinterpret_cast<std::uint8_t*>(const_cast<char*>(password.data()));
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = const_cast<std::uint8_t*>(salt.data());
  context.saltlen = static_cast<std::uint32_t>(salt.size());
  context.t_cost = iterations;
  context.m_cost = memory_kib_;
  context.lanes = 1;
  context.threads = 1;
  context.version = ARGON2_VERSION_13;
  context.allocate_cbk = UseLeased;
  context.free_cbk = KeepLeased;  // libargon2 wipes the memory before handing it back
  context.flags = ARGON2_DEFAULT_FLAGS;
  t_leased = lease.memory();
  const int result = argon2_ctx(&context, Argon2_id);
  t_leased = {};
  return result == ARGON2_OK;
}

std::string Argon2PasswordHasher::Hash(std::string_view password) const {
  telemetry::Span span("password hash", telemetry::SpanKind::kInternal,
                       telemetry::Work::kPasswordHash);
  std::array<unsigned char, kSaltBytes> salt{};
  randombytes_buf(salt.data(), salt.size());
  std::array<unsigned char, kHashBytes> hash{};
  if (!Compute(password, salt, iterations_, hash)) {
    throw std::runtime_error("argon2id: hashing failed");
  }
  std::string out = FormatArgon2idPhc(memory_kib_, iterations_, salt, hash);
  sodium_memzero(hash.data(), hash.size());
  return out;
}

bool Argon2PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> stored{};
  if (!CopyHash(hash, stored)) return false;
  telemetry::Span span("password verify", telemetry::SpanKind::kInternal,
                       telemetry::Work::kPasswordHash);
  // Our own parameters run on the leased memory; anything else (an older memory setting, Argon2i)
  // goes to libsodium, which reads every variant it ever wrote.
  const std::optional<Argon2Phc> phc = ParseArgon2Phc(hash);
  if (!phc || !phc->argon2id || phc->lanes != 1 || phc->memory_kib != memory_kib_ ||
      phc->iterations < crypto_pwhash_argon2id_OPSLIMIT_MIN) {
    return crypto_pwhash_str_verify(stored.data(), password.data(), password.size()) == 0;
  }
  std::vector<unsigned char> derived(phc->hash.size());
  const bool same = Compute(password, phc->salt, phc->iterations, derived) &&
                    sodium_memcmp(derived.data(), phc->hash.data(), derived.size()) == 0;
  sodium_memzero(derived.data(), derived.size());
  return same;
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
