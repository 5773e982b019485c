#include "main/second_factor_wiring.hpp"

#include <algorithm>
#include <filesystem>

#include "infrastructure/qr/qr_svg.hpp"
#include "infrastructure/security/generated_secret_file.hpp"
#include "infrastructure/security/sodium_secret_cipher.hpp"
#include "infrastructure/security/totp_codes.hpp"

namespace rampart {

std::unique_ptr<SecondFactorAdapters> MakeSecondFactorAdapters(const config::Settings& settings) {
  using infrastructure::SodiumSecretCipher;
  std::string key = settings.mfa_encryption_key;
  if (key.empty()) {
    // Production refuses to start this way (config/production_checks.cpp).
    const auto file = settings.data_dir / "mfa.key";
    // Turned off with a key generated earlier: the users enrolled then still sign in with it.
    if (!settings.mfa_enabled && !std::filesystem::exists(file)) return nullptr;
    key = infrastructure::LoadOrCreateSecretFile(file, SodiumSecretCipher::kMinimumKeyLength);
  }
  auto codes = std::make_unique<infrastructure::TotpCodes>();
  auto cipher = std::make_unique<SodiumSecretCipher>(key);
  auto qr = std::make_unique<infrastructure::QrSvgRenderer>();
  application::SecondFactorPorts ports{*codes, *cipher, *qr};
  return std::make_unique<SecondFactorAdapters>(SecondFactorAdapters{
      .codes = std::move(codes), .cipher = std::move(cipher), .qr = std::move(qr), .ports = ports});
}

application::MfaSettings MfaSettingsOf(const config::Settings& settings) {
  auto required = settings.mfa_required_for;
  std::ranges::sort(required);
  required.erase(std::unique(required.begin(), required.end()), required.end());
  return {.enrolment_open = settings.mfa_enabled,
          .issuer = settings.mfa_issuer.empty() ? settings.service_name : settings.mfa_issuer,
          .challenge_ttl = settings.mfa_challenge_ttl,
          .required_for = std::move(required)};
}

}  // namespace rampart
