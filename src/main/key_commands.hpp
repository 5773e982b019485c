#pragma once
// `rampart keys list|rotate|retire`: the signing keys of the configured store (auth.keys_dir,
// auth.keys_secret or auth.signing_key_file), with the same configuration as `serve`
// (docs/security.md#signing-keys). Each returns the exit code: 0, or 1 with one line on stderr.
#include <string>

#include "main/config/settings.hpp"

namespace rampart {

class SecretsRuntime;

struct KeysListOptions {
  bool json = false;  // one JSON document instead of the table
};
int KeysList(const config::Settings& settings, SecretsRuntime& secrets,
             const KeysListOptions& options);

// KeysRotate: the published next key signs from now on; the active key retires (published until its
// tokens expired); a new next key is published. On an empty store: creates the first keys.
int KeysRotate(const config::Settings& settings, SecretsRuntime& secrets);

struct KeysRetireOptions {
  std::string kid;
  bool now = false;  // drop a retired key at once (a compromised key)
};
int KeysRetire(const config::Settings& settings, SecretsRuntime& secrets,
               const KeysRetireOptions& options);

}  // namespace rampart
