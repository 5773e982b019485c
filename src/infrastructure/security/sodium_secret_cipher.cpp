#include "infrastructure/security/sodium_secret_cipher.hpp"

#include <sodium.h>

#include <stdexcept>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {

namespace {
constexpr std::string_view kVersion = "v1.";
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
}  // namespace

SodiumSecretCipher::SodiumSecretCipher(std::string_view key_text) {
  EnsureSodiumInitialized();
  if (key_text.size() < kMinimumKeyLength) {
    throw std::invalid_argument("the encryption key must be at least 32 characters");
  }
  crypto_generichash(key_.data(), key_.size(), Bytes(key_text), key_text.size(), nullptr, 0);
}

SodiumSecretCipher::~SodiumSecretCipher() { sodium_memzero(key_.data(), key_.size()); }

std::string SodiumSecretCipher::Seal(std::string_view plaintext, std::string_view context) const {
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &written, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, out, key_.data());
  return std::string(kVersion) + Base64UrlEncode(box);
}

std::optional<std::string> SodiumSecretCipher::Open(std::string_view sealed,
                                                    std::string_view context) const {
  if (!sealed.starts_with(kVersion)) return std::nullopt;
  const auto box = Base64UrlDecode(sealed.substr(kVersion.size()));
  if (!box || box->size() < kNonceBytes + kTagBytes) return std::nullopt;
  const auto* in = Bytes(*box);
  std::string plaintext(box->size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr, in + kNonceBytes,
          box->size() - kNonceBytes, Bytes(context), context.size(), in, key_.data()) != 0) {
    return std::nullopt;
  }
  return plaintext;
}

}  // namespace rampart::infrastructure
