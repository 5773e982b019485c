#include "main/signing_keys.hpp"

#include "infrastructure/security/key_directory.hpp"
#include "infrastructure/security/key_file_store.hpp"
#include "infrastructure/security/key_secret_store.hpp"
#include "main/key_secret.hpp"
#include "main/secrets_runtime.hpp"

namespace rampart {

std::unique_ptr<infrastructure::KeyStore> MakeKeyStore(const config::Settings& settings,
                                                       SecretsRuntime* secrets) {
  if (!settings.signing_key_file.empty()) {
    return std::make_unique<infrastructure::KeyFileStore>(settings.signing_key_file);
  }
  if (!settings.keys_secret.empty()) {
    if (secrets == nullptr) {
      throw infrastructure::KeyError("auth.keys_secret: Secrets Manager is not available here");
    }
    const std::string id = settings.keys_secret.substr(config::kSecretsManagerPrefix.size());
    if (auto connected = secrets->Connect(settings, id); !connected) {
      throw infrastructure::KeyError("auth.keys_secret " + settings.keys_secret + ": " +
                                     connected.error());
    }
    return std::make_unique<infrastructure::KeySecretStore>(
        std::make_shared<SecretsManagerKeySecret>(*secrets, settings.keys_secret));
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
