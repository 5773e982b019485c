#include "main/config/feature_settings.hpp"

#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using domain::Feature;

TEST(FeatureSettings, EveryFlagHasASettingWithAVariable) {
  for (const auto& info : domain::FeatureCatalogue()) {
    const auto* setting = FindSetting("features." + std::string(info.name));
    ASSERT_NE(setting, nullptr) << info.name;
    EXPECT_EQ(setting->kind, ValueKind::kBoolean);
    EXPECT_EQ(setting->default_value, info.default_value ? "true" : "false");
    EXPECT_EQ(setting->description, info.description);
  }
  EXPECT_EQ(FindSetting("features.registration.open")->env_var,
            "RAMPART_FEATURES_REGISTRATION_OPEN");
  EXPECT_EQ(FindSetting("features.auth.password_reset")->env_var,
            "RAMPART_FEATURES_AUTH_PASSWORD_RESET");
  EXPECT_EQ(FindSetting("features.docs.ui")->env_var, "RAMPART_FEATURES_DOCS_UI");
}

TEST(FeatureSettings, ValuesComeFromTheLayersWithTheirSource) {
  testing::TestConfigDir dir;
  dir.Write("rampart.toml", "[features]\nregistration.open = false\n");
  dir.Write("rampart.staging.toml", "[features]\n\"docs.ui\" = true\n");
  auto loaded = Load({.config_dir = dir.path(),
                      .environment = {{"RAMPART_ENV", "staging"},
                                      {"RAMPART_FEATURES_AUTH_PASSWORD_RESET", "off"}}});
  ASSERT_TRUE(loaded) << loaded.error();
  const auto flags = FeatureSettings(*loaded);
  ASSERT_EQ(flags.size(), domain::kFeatureCount);
  const auto& registration = flags[static_cast<std::size_t>(Feature::kRegistrationOpen)];
  EXPECT_FALSE(registration.value);
  EXPECT_EQ(registration.source, (dir.path() / "rampart.toml").string() + ":2");
  const auto& reset = flags[static_cast<std::size_t>(Feature::kPasswordReset)];
  EXPECT_FALSE(reset.value);
  EXPECT_EQ(reset.source, "RAMPART_FEATURES_AUTH_PASSWORD_RESET");
  const auto& docs = flags[static_cast<std::size_t>(Feature::kDocsUi)];
  EXPECT_TRUE(docs.value);
  EXPECT_EQ(docs.source, (dir.path() / "rampart.staging.toml").string() + ":2");

  const auto defaults = FeatureSettings(DefaultSettings());
  EXPECT_TRUE(defaults[0].value);
  EXPECT_EQ(defaults[0].source, "default");
}

TEST(FeatureSettings, AFlagTakesOnlyABoolean) {
  auto loaded = Load({.config_dir = "/nonexistent-rampart-config",
                      .environment = {{"RAMPART_FEATURES_REGISTRATION_OPEN", "maybe"}}});
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().find("RAMPART_FEATURES_REGISTRATION_OPEN (features.registration.open"),
            std::string::npos)
      << loaded.error();
}

}  // namespace
}  // namespace rampart::config
