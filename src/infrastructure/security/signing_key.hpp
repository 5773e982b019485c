#pragma once
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "infrastructure/security/es256_signature.hpp"

namespace rampart::infrastructure {

/// A key that cannot be loaded or generated (missing file, wrong type, malformed PEM).
/// The message names the problem and the file, never key material.
class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An ES256 (ECDSA P-256 with SHA-256) key pair, parsed once and immutable afterwards.
/// Thread-safe: any number of threads may sign and verify with one key concurrently.
class SigningKey {
 public:
  /// The public half as JWK members: base64url of the 32-byte big-endian coordinates.
  struct PublicJwk {
    std::string x;
    std::string y;
  };

  /// A fresh key from OpenSSL's CSPRNG. Throws KeyError if OpenSSL fails.
  static SigningKey Generate();
  /// An unencrypted PEM private key (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY"). Throws
  /// KeyError unless it is a consistent EC P-256 private key.
  static SigningKey FromPem(std::string_view pem);
  /// FromPem on a file's contents; the error message names the file.
  static SigningKey FromPemFile(const std::filesystem::path& path);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  /// The RFC 7638 JWK thumbprint (base64url SHA-256 of the canonical public JWK).
  const std::string& Kid() const;
  const PublicJwk& Jwk() const;

  /// PKCS#8 PEM of the private key. Secret: only for writing the key file.
  std::string PrivateKeyPem() const;
  /// SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") of the public key.
  std::string PublicKeyPem() const;

  /// The JOSE signature of `data`. Throws KeyError if OpenSSL fails (never for valid input).
  Es256Signature SignEs256(std::string_view data) const;
  /// True only for a valid JOSE signature (exactly 64 bytes) of `data` by this key.
  bool VerifyEs256(std::string_view data, std::span<const unsigned char> signature) const;

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::infrastructure
