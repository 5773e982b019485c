#pragma once
// The public half of an ES256 key that someone else holds the private half of: an external
// issuer's key, read from its JWKS. Verifies only.
#include <memory>
#include <optional>
#include <span>
#include <string_view>

namespace rampart::infrastructure {

// Es256PublicKey: an EC P-256 public key, parsed once and immutable afterwards. Thread-safe: any
// number of threads may verify with one key concurrently.
class Es256PublicKey {
 public:
  // FromJwkCoordinates returns the key of a JWK's `x` and `y` (base64url, 32-byte big-endian
  // coordinates, RFC 7518 §6.2.1), or std::nullopt when they are malformed or not a point on
  // P-256 (an invalid-curve key is never used).
  static std::optional<Es256PublicKey> FromJwkCoordinates(std::string_view x, std::string_view y);

  Es256PublicKey(Es256PublicKey&&) noexcept;
  Es256PublicKey& operator=(Es256PublicKey&&) noexcept;
  ~Es256PublicKey();

  // Verify returns true only for a valid JOSE ES256 signature (64 bytes r||s) of `data`.
  bool Verify(std::string_view data, std::span<const unsigned char> signature) const;

 private:
  struct Impl;
  explicit Es256PublicKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::infrastructure
