#pragma once
// The feature flags' source in `rampart serve`: the configuration layers of the start (the same
// directory, environment and command line), read again at each reload, so that a change to
// `features.*` in config/rampart.toml or config/rampart.<env>.toml takes effect without a
// restart (the environment and the command line of a running process do not change); over
// them, the secret `features.source` names, read again at each reload too.
#include "application/ports/feature_source.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class SecretsRuntime;

// FeatureValuesOf returns every flag's value and source as `settings` and the secret of its
// features.source (read now through `secrets`) give them. The error (one line, naming the setting
// or the secret) means no value changes.
std::expected<std::vector<application::FeatureValue>, std::string> FeatureValuesOf(
    const config::Settings& settings, SecretsRuntime* secrets);

class ConfigFeatureSource final : public application::FeatureSource {
 public:
  // ConfigFeatureSource: `secrets` (null: no Secrets Manager) must outlive the source.
  ConfigFeatureSource(config::LoadOptions options, SecretsRuntime* secrets)
      : options_(std::move(options)), secrets_(secrets) {}
  std::expected<std::vector<application::FeatureValue>, std::string> Read() override;

 private:
  config::LoadOptions options_;
  SecretsRuntime* secrets_;
};

}  // namespace rampart
