#pragma once
#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::infrastructure {

// KeyError: a key that cannot be loaded or generated (missing file, wrong type, malformed PEM). The
// message names the problem and the file, never key material.
class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// SigningAlgorithm: the JWS algorithms a signing key may have. The algorithm belongs to the key
// (its type), never to the token: a token is verified with the algorithm of the key its `kid`
// names.
enum class SigningAlgorithm {
  kEs256,  // ECDSA P-256 with SHA-256 (RFC 7518 §3.4)
  kEdDsa,  // Ed25519 (RFC 8037)
};

// ToString returns "ES256" or "EdDSA", the JOSE `alg` value.
std::string_view ToString(SigningAlgorithm algorithm);
// ParseSigningAlgorithm returns the algorithm with that exact JOSE name, or nullopt.
std::optional<SigningAlgorithm> ParseSigningAlgorithm(std::string_view name);

// Both algorithms sign with 64 bytes: r||s for ES256 (JOSE form), R||S for Ed25519.
inline constexpr std::size_t kSignatureSize = 64;
using Signature = std::array<unsigned char, kSignatureSize>;

// SigningKey is a key pair (ES256 or EdDSA), parsed once and immutable afterwards.
// Thread-safe: any number of threads may sign and verify with one key concurrently.
class SigningKey {
 public:
  // PublicJwk is the public half as JWK members (base64url): EC keys have x and y (32-byte
  // big-endian coordinates), OKP keys x only (the raw 32-byte public key).
  struct PublicJwk {
    std::string kty;  // "EC" or "OKP"
    std::string crv;  // "P-256" or "Ed25519"
    std::string x;
    std::string y;  // empty for OKP
  };

  // Generate returns a fresh key from OpenSSL's CSPRNG. Throws KeyError if OpenSSL fails.
  static SigningKey Generate(SigningAlgorithm algorithm = SigningAlgorithm::kEs256);
  // FromPem reads an unencrypted PEM private key: PKCS#8 ("PRIVATE KEY") of an EC P-256 or Ed25519
  // key, or SEC1 ("EC PRIVATE KEY"). Throws KeyError for anything else or an inconsistent pair.
  static SigningKey FromPem(std::string_view pem);
  // FromPemFile: FromPem on a file's contents; the error message names the file.
  static SigningKey FromPemFile(const std::filesystem::path& path);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  SigningAlgorithm Algorithm() const;
  // Kid returns the RFC 7638 JWK thumbprint (base64url SHA-256 of the canonical public JWK).
  const std::string& Kid() const;
  const PublicJwk& Jwk() const;

  // PrivateKeyPem: PKCS#8 PEM of the private key. Secret: only for writing the key file.
  std::string PrivateKeyPem() const;
  // PublicKeyPem: SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") of the public key.
  std::string PublicKeyPem() const;

  // Sign returns the JWS signature of `data` with the key's algorithm. Throws KeyError if OpenSSL
  // fails (never for valid input).
  Signature Sign(std::string_view data) const;
  // Verify returns true only for a valid JWS signature (exactly 64 bytes) of `data` by this key.
  bool Verify(std::string_view data, std::span<const unsigned char> signature) const;

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// JwksJsonOf is the JSON Web Key Set (RFC 7517 §5) of the public halves of `keys`, in their
// order: {"keys":[{"kty","crv","x"[,"y"],"kid","use":"sig","alg"}, ...]}.
std::string JwksJsonOf(const std::vector<std::shared_ptr<const SigningKey>>& keys);

}  // namespace rampart::infrastructure
