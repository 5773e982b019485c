#pragma once
#include <string>
#include <string_view>

namespace rampart::application {

// SecureRandom: identifiers and opaque secrets from a CSPRNG, and the one-way hash under which
// opaque secrets (tokens handed out once, only compared afterwards) are stored.
class SecureRandom {
 public:
  virtual ~SecureRandom() = default;
  // NewUuid returns a random (version 4) UUID in canonical lower-case form.
  virtual std::string NewUuid() = 0;
  // NewOpaqueToken returns a base64url (no padding) string of 32 random bytes (256 bits).
  virtual std::string NewOpaqueToken() = 0;
  // HashToken returns lower-case hex SHA-256 of `token`; what the database stores.
  virtual std::string HashToken(std::string_view token) const = 0;
};

}  // namespace rampart::application
