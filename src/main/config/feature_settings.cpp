#include "main/config/feature_settings.hpp"

namespace rampart::config {

std::vector<FeatureSetting> FeatureSettings(const Settings& settings) {
  std::vector<FeatureSetting> flags;
  for (const auto& info : domain::FeatureCatalogue()) {
    const auto origin = settings.origins.find("features." + std::string(info.name));
    flags.push_back(
        {.feature = info.feature,
         .value = settings.Feature(info.feature),
         .source = origin == settings.origins.end() ? "default" : origin->second.Describe()});
  }
  return flags;
}

}  // namespace rampart::config
