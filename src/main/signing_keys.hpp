#pragma once
// Where the signing keys come from, and their policy, from the configuration: shared by the
// composition root (`serve`) and `rampart keys`, so that both see the very same keys.
#include <memory>

#include "infrastructure/security/key_manager.hpp"
#include "infrastructure/security/key_store.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class SecretsRuntime;

// MakeKeyStore: auth.signing_key_file when set (one key, no rotation), else the secret
// auth.keys_secret (read and written through `secrets`, connected here), else the key directory
// auth.keys_dir. Throws KeyError when the secret's Secrets Manager cannot be reached.
std::unique_ptr<infrastructure::KeyStore> MakeKeyStore(const config::Settings& settings,
                                                       SecretsRuntime* secrets);

// KeyPolicyOf returns the grace of retired keys (access-token lifetime + clock skew + reload
// interval), the algorithm of new keys, the automatic rotation interval; first keys are created
// only outside production.
infrastructure::KeyPolicy KeyPolicyOf(const config::Settings& settings);

}  // namespace rampart
