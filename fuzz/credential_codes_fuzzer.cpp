// The secrets programs and people type back to rampart, as it reads them before any database
// read: API keys and client secrets (domain/credential_format.hpp: prefix, base62 parts,
// CRC-32 checksum), TOTP codes and recovery codes as typed (domain/second_factor.hpp), and a
// typed code matched against a TOTP secret (infrastructure/security/totp_codes.hpp).
// Anything must be refused or accepted without a crash, and what is accepted must round-trip.
//
// Input: the first byte picks the reader; the rest is what was typed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/credential_format.hpp"
#include "domain/second_factor.hpp"
#include "fuzz_check.hpp"
#include "infrastructure/security/totp_codes.hpp"

namespace {

const rampart::infrastructure::TotpCodes& Codes() {
  static const rampart::infrastructure::TotpCodes codes;
  return codes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace domain = rampart::domain;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 5) {
    case 0:
      if (const auto id = domain::ApiKeyPublicId(text)) {
        FUZZ_CHECK(id->size() == domain::kApiKeyPublicIdLength);
        FUZZ_CHECK(domain::IsBase62(*id));
        const auto secret = text.substr(domain::kApiKeyPrefix.size() + id->size() + 1,
                                        domain::kApiKeySecretLength);
        FUZZ_CHECK(domain::ApiKeyText(*id, secret) == text);
      }
      break;
    case 1:
      if (domain::IsWellFormedClientSecret(text)) {
        const auto secret = text.substr(domain::kClientSecretPrefix.size(),
                                        domain::kClientSecretLength);
        FUZZ_CHECK(domain::ClientSecretText(secret) == text);
      }
      break;
    case 2:
      if (const auto code = domain::NormaliseTotpCode(text)) {
        FUZZ_CHECK(code->size() == static_cast<std::size_t>(domain::kTotpDigits));
        FUZZ_CHECK(domain::NormaliseTotpCode(*code) == code);
      }
      break;
    case 3:
      if (const auto code = domain::NormaliseRecoveryCode(text)) {
        FUZZ_CHECK(domain::NormaliseRecoveryCode(*code) == code);  // idempotent
      }
      break;
    default: {
      // A typed code against a fixed secret (RFC 6238's test key in base32).
      const std::vector<std::int64_t> steps = {59 / 30, 59 / 30 - 1, 59 / 30 + 1};
      (void)Codes().Match("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", text, steps);
      // ...and a fuzzed secret (a stored secret is ours, but its decoder must not trust it).
      (void)Codes().Code(text, 1);
      break;
    }
  }
  return 0;
}
