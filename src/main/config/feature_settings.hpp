#pragma once
// The feature flags as the configuration layers set them: each flag's value and where it came
// from, for the process's live flags (application/features) at start and at every reload.
#include <string>
#include <vector>

#include "domain/feature.hpp"
#include "main/config/settings.hpp"

namespace rampart::config {

struct FeatureSetting {
  domain::Feature feature;
  bool value = false;
  std::string source;  // Origin::Describe(): "default", "config/rampart.toml:3", a variable, ...
};

/// Every flag of the catalogue, in its order.
std::vector<FeatureSetting> FeatureSettings(const Settings& settings);

}  // namespace rampart::config
