#pragma once
// The feature flags' source in `rampart serve`: the configuration layers of the start (the same
// directory, environment and command line), read again at each reload, so that a change to
// `features.*` in config/rampart.toml or config/rampart.<env>.toml takes effect without a
// restart. (The environment and the command line of a running process do not change.)
#include "application/ports/feature_source.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class ConfigFeatureSource final : public application::FeatureSource {
 public:
  explicit ConfigFeatureSource(config::LoadOptions options) : options_(std::move(options)) {}
  std::expected<std::vector<application::FeatureValue>, std::string> Read() override;

 private:
  config::LoadOptions options_;
};

}  // namespace rampart
