#pragma once
// The feature flags as the configuration layers set them: each flag's value and where it came
// from, for the process's live flags (application/features) at start and at every reload.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "domain/feature.hpp"
#include "main/config/settings.hpp"

namespace rampart::config {

struct FeatureSetting {
  domain::Feature feature;
  bool value = false;
  std::string source;  // Origin::Describe(): "default", "config/rampart.toml:3", a variable, ...
};

// FeatureSettings returns every flag of the catalogue, in its order.
std::vector<FeatureSetting> FeatureSettings(const Settings& settings);

// OverlayFeatureDocument returns the flags' secret (features.source, e.g.
// `aws-sm:prod/rampart/flags`) over the configuration layers: `document` is a JSON object of flag
// rampart:begin(iam)
// name → boolean, e.g. {"registration.open":false}; each flag it names takes its value, with
// rampart:else
// // name → boolean, e.g. {"docs.ui":false}; each flag it names takes its value, with
// rampart:end
// `source` as its source; the others keep theirs. A document that is not such an object, names a
// flag the catalogue does not have, gives a non-boolean, or (in production) turns docs.ui on is
// refused as a whole: the error (one line, naming `source` and the offending member) leaves `flags`
// unchanged.
std::expected<void, std::string> OverlayFeatureDocument(std::vector<FeatureSetting>& flags,
                                                        std::string_view document,
                                                        std::string_view source, bool production);

}  // namespace rampart::config
