#include "main/config/feature_settings.hpp"

#include <boost/json.hpp>

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

std::expected<void, std::string> OverlayFeatureDocument(std::vector<FeatureSetting>& flags,
                                                        std::string_view document,
                                                        std::string_view source, bool production) {
  const auto refuse = [&](const std::string& why) {
    return std::unexpected(std::string(source) + " (features.source): " + why);
  };
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(document, error);
  if (error || !parsed.is_object()) {
    return refuse(
        "is not a JSON object of flag names and booleans, e.g. "
        // rampart:begin(iam)
        "{\"registration.open\": false}");
        // rampart:else
        // "{\"docs.ui\": false}");
        // rampart:end
  }
  std::vector<std::pair<domain::Feature, bool>> values;
  for (const auto& [name, value] : parsed.get_object()) {
    const auto* info = domain::FindFeature(name);
    if (info == nullptr) return refuse("names no feature flag \"" + std::string(name) + "\"");
    if (!value.is_bool()) {
      return refuse("gives \"" + std::string(name) + "\" a value that is not true or false");
    }
    if (production && info->feature == domain::Feature::kDocsUi && value.get_bool()) {
      return refuse("turns docs.ui on: production does not serve the Swagger UI explorer");
    }
    values.emplace_back(info->feature, value.get_bool());
  }
  for (const auto& [feature, value] : values) {
    for (auto& flag : flags) {
      if (flag.feature != feature) continue;
      flag.value = value;
      flag.source = std::string(source);
    }
  }
  return {};
}

}  // namespace rampart::config
