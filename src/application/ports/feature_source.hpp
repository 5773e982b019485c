#pragma once
// Where the feature flags' values come from: the configuration layers (`features.<name>`,
// RAMPART_FEATURES_*), read again at every reload; a secret store could add a layer on top.
#include <expected>
#include <string>
#include <vector>

#include "domain/feature.hpp"

namespace rampart::application {

struct FeatureValue {
  domain::Feature feature;
  bool value = false;
  // Where it came from, as `rampart config check` says it: "default",
  // "config/rampart.staging.toml:42", "RAMPART_FEATURES_REGISTRATION_OPEN", "command line".
  std::string source;
};

class FeatureSource {
 public:
  virtual ~FeatureSource() = default;
  // Read returns every flag of the catalogue with its value now. The error (one line naming the
  // setting and where it was set) leaves the flags as they are.
  virtual std::expected<std::vector<FeatureValue>, std::string> Read() = 0;
};

}  // namespace rampart::application
