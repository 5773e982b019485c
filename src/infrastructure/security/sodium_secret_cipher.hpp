#pragma once
// application::SecretCipher with libsodium's XChaCha20-Poly1305 (IETF AEAD): a random 192-bit
// nonce per seal, the context (the owner's id) as associated data. The key is the BLAKE2b-256
// of the configured key text (mfa.encryption_key), so any long random text works as a key.
// Sealed form: "v1." + base64url(nonce || ciphertext || tag).
#include <array>
#include <string>

#include "application/ports/second_factor.hpp"

namespace rampart::infrastructure {

class SodiumSecretCipher final : public application::SecretCipher {
 public:
  // The shortest key text accepted: 32 characters (of random text: `openssl rand -base64 32`).
  static constexpr std::size_t kMinimumKeyLength = 32;
  // SodiumSecretCipher throws std::invalid_argument for a key shorter than kMinimumKeyLength.
  explicit SodiumSecretCipher(std::string_view key_text);
  ~SodiumSecretCipher() override;
  SodiumSecretCipher(const SodiumSecretCipher&) = delete;
  SodiumSecretCipher& operator=(const SodiumSecretCipher&) = delete;

  std::string Seal(std::string_view plaintext, std::string_view context) const override;
  std::optional<std::string> Open(std::string_view sealed,
                                  std::string_view context) const override;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace rampart::infrastructure
