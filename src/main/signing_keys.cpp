#include "main/signing_keys.hpp"

#include "infrastructure/security/key_directory.hpp"
#include "infrastructure/security/key_file_store.hpp"

namespace rampart {

std::unique_ptr<infrastructure::KeyStore> MakeKeyStore(const config::Settings& settings) {
  if (!settings.signing_key_file.empty()) {
    return std::make_unique<infrastructure::KeyFileStore>(settings.signing_key_file);
  }
  return std::make_unique<infrastructure::KeyDirectory>(settings.keys_dir);
}

infrastructure::KeyPolicy KeyPolicyOf(const config::Settings& settings) {
  return {.grace = infrastructure::RetiredKeyGrace(settings.access_token_ttl, settings.clock_skew,
                                                   settings.reload_interval),
          .algorithm = infrastructure::ParseSigningAlgorithm(settings.signing_algorithm)
                           .value_or(infrastructure::SigningAlgorithm::kEs256),
          .rotation_interval = settings.key_rotation_interval,
          .create_when_empty = !settings.IsProduction()};
}

}  // namespace rampart
