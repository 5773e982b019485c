#pragma once
// application::OneTimeCodes: RFC 4226 HOTP with HMAC-SHA-1 (OpenSSL), the counter being the
// TOTP time step (RFC 6238), secrets and recovery codes from libsodium's CSPRNG.
#include <cstdint>
#include <span>
#include <string>

#include "application/ports/second_factor.hpp"

namespace rampart::infrastructure {

class TotpCodes final : public application::OneTimeCodes {
 public:
  TotpCodes();
  std::string NewSecret() override;
  std::optional<std::string> Code(std::string_view secret, std::int64_t counter) const override;
  std::optional<std::int64_t> Match(std::string_view secret, std::string_view code,
                                    std::span<const std::int64_t> counters) const override;
  std::string NewRecoveryCode() override;
};

// Hotp: RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic truncation, the low
// `digits` decimal digits (zero-padded).
std::string Hotp(std::span<const unsigned char> key, std::uint64_t counter, int digits);

}  // namespace rampart::infrastructure
