// The table of every setting, built from its sections. To add one: a field in Settings, an entry
// in its section's setting_table_<section>.cpp (key, variable, default, description, codec from
// setting_codecs.hpp), then regenerate config/rampart.toml and the table in
// docs/configuration.md (reference_files_test fails until they match). The feature flags are
// generated here from their catalogue.
#include <algorithm>
#include <cctype>
#include <deque>
#include <string>
#include <vector>

#include "domain/feature.hpp"
#include "main/config/outbound_settings.hpp"
#include "main/config/setting_codecs.hpp"
#include "main/config/setting_info.hpp"
#include "main/config/setting_sections.hpp"

namespace rampart::config {

namespace {

using namespace setting_codecs;

// One boolean setting per flag of the catalogue (domain/feature.hpp): `features.<name>`,
// RAMPART_FEATURES_<NAME> (dots become underscores), the catalogue's default and description.
Codec FeatureCodec(domain::Feature feature) {
  const auto index = static_cast<std::size_t>(feature);
  return {[=](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseBool(raw);
            if (!value) return std::unexpected(value.error());
            s.features[index] = *value;
            return {};
          },
          [=](const Settings& s) { return std::string(s.features[index] ? "true" : "false"); }};
}

std::vector<SettingInfo> BuildTable() {
  std::vector<SettingInfo> table;
  AppendServerSettings(table);
  AppendIdentitySettings(table);
  AppendMessagingSettings(table);
  AppendRuntimeSettings(table);
  AppendFeatureFlags(table);
  AppendOutboundSettings(table);
  return table;
}

}  // namespace

// docs/configuration.md#feature-flags
void AppendFeatureFlags(std::vector<SettingInfo>& table) {
  // SettingInfo holds views: the generated names live as long as the table (built once).
  static std::deque<std::string> names;
  table.push_back(Entry(
      "features.source", "RAMPART_FEATURES_SOURCE", ValueKind::kString, "",
      "`aws-sm:<secret id or ARN>`: an AWS Secrets Manager secret holding a JSON object of flag "
      "values"
      ", e.g. `{\"registration.open\": false}`,"  // rampart:only(iam)
      " over every configuration layer for the flags it names; read at start and at each reload "
      "(`reload.interval`, SIGHUP). A secret "
      "naming an unknown flag or a non-boolean is refused (logged) and the flags keep their "
      "values. Empty: the configuration layers only.",
      WholeSecret(&Settings::features_source)));
  for (const auto& info : domain::FeatureCatalogue()) {
    const std::string& key = names.emplace_back("features." + std::string(info.name));
    std::string variable = "RAMPART_FEATURES_" + std::string(info.name);
    for (char& c : variable) c = c == '.' ? '_' : static_cast<char>(std::toupper(c));
    const std::string& env_var = names.emplace_back(std::move(variable));
    table.push_back(Entry(key, env_var, ValueKind::kBoolean, info.default_value ? "true" : "false",
                          info.description, FeatureCodec(info.feature)));
  }
}

const std::vector<SettingInfo>& AllSettings() {
  static const std::vector<SettingInfo> table = BuildTable();
  return table;
}

const SettingInfo* FindSetting(std::string_view key) {
  const auto& table = AllSettings();
  const auto found =
      std::find_if(table.begin(), table.end(), [&](const SettingInfo& s) { return s.key == key; });
  return found == table.end() ? nullptr : &*found;
}

}  // namespace rampart::config