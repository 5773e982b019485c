#pragma once
#include <string>
#include <string_view>

#include "application/ports/secure_random.hpp"

namespace rampart::infrastructure {

// SodiumSecureRandom: SecureRandom over libsodium's CSPRNG (getrandom(2) on Linux). Thread-safe and
// stateless.
class SodiumSecureRandom final : public application::SecureRandom {
 public:
  SodiumSecureRandom();

  std::string NewUuid() override;
  std::string NewOpaqueToken() override;
  std::string HashToken(std::string_view token) const override;
};

}  // namespace rampart::infrastructure
