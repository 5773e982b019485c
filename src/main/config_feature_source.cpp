#include "main/config_feature_source.hpp"

#include "main/config/config.hpp"
#include "main/config/feature_settings.hpp"
#include "main/secrets_runtime.hpp"

namespace rampart {

std::expected<std::vector<application::FeatureValue>, std::string> FeatureValuesOf(
    const config::Settings& settings, SecretsRuntime* secrets) {
  auto flags = config::FeatureSettings(settings);
  if (const std::string& reference = settings.features_source; !reference.empty()) {
    const auto fail = [&](const std::string& why) {
      return std::unexpected("features.source " + reference + ": " + why);
    };
    if (secrets == nullptr) return fail("Secrets Manager is not available here");
    const std::string id = reference.substr(config::kSecretsManagerPrefix.size());
    if (auto connected = secrets->Connect(settings, id); !connected) return fail(connected.error());
    auto document = secrets->ReadNow(id);
    if (!document) return fail("cannot be read: " + document.error());
    if (!*document) return fail("the secret has no value");
    auto overlaid =
        config::OverlayFeatureDocument(flags, **document, reference, settings.IsProduction());
    if (!overlaid) return std::unexpected(overlaid.error());
  }
  std::vector<application::FeatureValue> values;
  for (const auto& flag : flags) {
    values.push_back({.feature = flag.feature, .value = flag.value, .source = flag.source});
  }
  return values;
}

std::expected<std::vector<application::FeatureValue>, std::string> ConfigFeatureSource::Read() {
  auto settings = config::Load(options_);
  if (!settings) return std::unexpected(settings.error());
  return FeatureValuesOf(*settings, secrets_);
}

}  // namespace rampart
