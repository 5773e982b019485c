#include "main/config_feature_source.hpp"

#include "main/config/config.hpp"
#include "main/config/feature_settings.hpp"

namespace rampart {

std::expected<std::vector<application::FeatureValue>, std::string> ConfigFeatureSource::Read() {
  auto settings = config::Load(options_);
  if (!settings) return std::unexpected(settings.error());
  std::vector<application::FeatureValue> values;
  for (const auto& flag : config::FeatureSettings(*settings)) {
    values.push_back({.feature = flag.feature, .value = flag.value, .source = flag.source});
  }
  return values;
}

}  // namespace rampart
