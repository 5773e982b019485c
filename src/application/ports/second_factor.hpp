#pragma once
// Ports of two-factor sign-in (domain/second_factor.hpp): the TOTP algorithm and the random
// secrets it needs, the encryption of secrets at rest, and the QR code of an enrolment. The
// adapters live in infrastructure/security (OpenSSL HMAC, libsodium) and infrastructure/qr
// (libqrencode).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rampart::application {

// OneTimeCodes: RFC 4226 HOTP / RFC 6238 TOTP with HMAC-SHA-1 and domain::kTotpDigits digits.
class OneTimeCodes {
 public:
  virtual ~OneTimeCodes() = default;
  // NewSecret returns a new TOTP secret: 20 random bytes (160 bits, RFC 4226 §4's recommendation)
  // in base32 (RFC 4648, upper case, without padding), as authenticator apps take it.
  virtual std::string NewSecret() = 0;
  // Code returns the code of `counter` (for TOTP the time step, domain::TotpStepAt) under the
  // base32 `secret`; nullopt when the secret is not base32.
  virtual std::optional<std::string> Code(std::string_view secret, std::int64_t counter) const = 0;
  // Match returns the counter among `counters` whose code is `code`, comparing in constant time and
  // every counter whatever matched; nullopt when none (or the secret is not base32).
  virtual std::optional<std::int64_t> Match(std::string_view secret, std::string_view code,
                                            std::span<const std::int64_t> counters) const = 0;
  // NewRecoveryCode returns a new recovery code: 16 characters of the lower-case base32 alphabet
  // (80 bits) in four groups of four joined by hyphens, the form domain::NormaliseRecoveryCode
  // gives.
  virtual std::string NewRecoveryCode() = 0;
};

// SecretCipher: authenticated encryption of secrets kept in the database, with a key from
// configuration. A sealed value is bound to `context` (the owner's id): it does not open under
// another one, so rows cannot be swapped between users.
class SecretCipher {
 public:
  virtual ~SecretCipher() = default;
  virtual std::string Seal(std::string_view plaintext, std::string_view context) const = 0;
  // Open returns nullopt when `sealed` was not sealed by this key for this context (or was
  // altered).
  virtual std::optional<std::string> Open(std::string_view sealed,
                                          std::string_view context) const = 0;
};

// QrCodeRenderer: a QR code of `text` as a standalone SVG document (black modules on white, with
// the quiet zone), made in process: an otpauth:// URI never leaves the service to be drawn.
class QrCodeRenderer {
 public:
  virtual ~QrCodeRenderer() = default;
  virtual std::string Svg(std::string_view text) const = 0;
};

// SecondFactorPorts: the three together, as the use cases get them (Services::second_factor).
struct SecondFactorPorts {
  OneTimeCodes& codes;
  SecretCipher& cipher;
  QrCodeRenderer& qr;
};

}  // namespace rampart::application
