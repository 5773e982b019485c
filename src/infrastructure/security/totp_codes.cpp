#include "infrastructure/security/totp_codes.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <stdexcept>

#include "domain/second_factor.hpp"
#include "infrastructure/security/base32.hpp"
#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {

namespace {
constexpr std::size_t kSecretBytes = 20;        // 160 bits
constexpr std::size_t kRecoveryCodeBytes = 10;  // 80 bits: 16 base32 characters
}  // namespace

std::string Hotp(std::span<const unsigned char> key, std::uint64_t counter, int digits) {
  std::array<unsigned char, 8> message{};
  for (int i = 7; i >= 0; --i) {
    message[static_cast<std::size_t>(i)] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           mac.data(), &mac_length) == nullptr ||
      mac_length != 20) {
    throw std::runtime_error("HMAC-SHA-1 failed");
  }
  const std::size_t offset = mac[19] & 0x0F;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

TotpCodes::TotpCodes() { EnsureSodiumInitialized(); }

std::string TotpCodes::NewSecret() {
  std::array<unsigned char, kSecretBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string secret = Base32Encode(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return secret;
}

std::optional<std::string> TotpCodes::Code(std::string_view secret, std::int64_t counter) const {
  auto key = Base32Decode(secret);
  if (!key || key->empty() || counter < 0) return std::nullopt;
  auto code = Hotp({reinterpret_cast<const unsigned char*>(key->data()), key->size()},
                   static_cast<std::uint64_t>(counter), domain::kTotpDigits);
  sodium_memzero(key->data(), key->size());
  return code;
}

std::optional<std::int64_t> TotpCodes::Match(std::string_view secret, std::string_view code,
                                             std::span<const std::int64_t> counters) const {
  std::optional<std::int64_t> matched;
  for (const auto counter : counters) {
    const auto expected = Code(secret, counter);
    if (!expected) return std::nullopt;
    if (expected->size() == code.size() &&
        CRYPTO_memcmp(expected->data(), code.data(), code.size()) == 0 && !matched) {
      matched = counter;
    }
  }
  return matched;
}

std::string TotpCodes::NewRecoveryCode() {
  std::array<unsigned char, kRecoveryCodeBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  const auto letters = Base32Encode(bytes);  // 16 characters, no padding
  sodium_memzero(bytes.data(), bytes.size());
  return *domain::NormaliseRecoveryCode(letters);
}

}  // namespace rampart::infrastructure
