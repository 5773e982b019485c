#pragma once
// The adapters of two-factor sign-in (application/ports/second_factor.hpp) from configuration:
// TOTP codes, the cipher of the secrets at rest (mfa.encryption_key, or in development a key
// generated into <data_dir>/mfa.key) and the QR renderer.
#include <memory>

#include "application/common/services.hpp"
#include "application/ports/second_factor.hpp"
#include "main/config/settings.hpp"

namespace rampart {

struct SecondFactorAdapters {
  std::unique_ptr<application::OneTimeCodes> codes;
  std::unique_ptr<application::SecretCipher> cipher;
  std::unique_ptr<application::QrCodeRenderer> qr;
  application::SecondFactorPorts ports;
};

// MakeSecondFactorAdapters: null when there is no key: mfa.enabled off, mfa.encryption_key empty
// and no key generated into <data_dir>/mfa.key earlier. Throws std::runtime_error when the
// generated key file cannot be read or created.
std::unique_ptr<SecondFactorAdapters> MakeSecondFactorAdapters(const config::Settings& settings);

// MfaSettingsOf returns the use cases' view of the mfa.* settings (the issuer resolved, the
// permissions sorted).
application::MfaSettings MfaSettingsOf(const config::Settings& settings);

}  // namespace rampart
