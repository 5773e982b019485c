#include "infrastructure/security/sodium_secure_random.hpp"

#include <sodium.h>

#include <array>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {

SodiumSecureRandom::SodiumSecureRandom() { EnsureSodiumInitialized(); }

std::string SodiumSecureRandom::NewUuid() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // variant 10 (RFC 9562)

  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

std::string SodiumSecureRandom::NewOpaqueToken() {
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string token = Base64UrlEncode(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

std::string SodiumSecureRandom::HashToken(std::string_view token) const {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());  // lower case
  return std::string(hex.data(), hex.size() - 1);
}

}  // namespace rampart::infrastructure
