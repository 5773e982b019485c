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
  // rampart:begin(iam)
  EXPECT_EQ(FindSetting("features.registration.open")->env_var,
            "RAMPART_FEATURES_REGISTRATION_OPEN");
  EXPECT_EQ(FindSetting("features.auth.password_reset")->env_var,
            "RAMPART_FEATURES_AUTH_PASSWORD_RESET");
  // rampart:end
  EXPECT_EQ(FindSetting("features.docs.ui")->env_var, "RAMPART_FEATURES_DOCS_UI");
}

// rampart:begin(iam)
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
// rampart:else
// TEST(FeatureSettings, ValuesComeFromTheLayersWithTheirSource) {
//   testing::TestConfigDir dir;
//   dir.Write("rampart.staging.toml", "[features]\n\"docs.ui\" = true\n");
//   auto loaded = Load({.config_dir = dir.path(),
//                       .environment = {{"RAMPART_ENV", "staging"}}});
//   ASSERT_TRUE(loaded) << loaded.error();
//   const auto flags = FeatureSettings(*loaded);
//   ASSERT_EQ(flags.size(), domain::kFeatureCount);
//   const auto& docs = flags[static_cast<std::size_t>(Feature::kDocsUi)];
//   EXPECT_TRUE(docs.value);
//   EXPECT_EQ(docs.source, (dir.path() / "rampart.staging.toml").string() + ":2");
//   const auto environment = Load({.config_dir = dir.path(),
//                                  .environment = {{"RAMPART_ENV", "staging"},
//                                                  {"RAMPART_FEATURES_DOCS_UI", "off"}}});
//   ASSERT_TRUE(environment) << environment.error();
//   const auto overridden =
//       FeatureSettings(*environment)[static_cast<std::size_t>(Feature::kDocsUi)];
//   EXPECT_FALSE(overridden.value);
//   EXPECT_EQ(overridden.source, "RAMPART_FEATURES_DOCS_UI");
//
//   const auto defaults = FeatureSettings(DefaultSettings());
//   EXPECT_FALSE(defaults[0].value);
//   EXPECT_EQ(defaults[0].source, "default");
// }
// rampart:end

TEST(FeatureSettings, AFlagTakesOnlyABoolean) {
  auto loaded = Load({.config_dir = "/nonexistent-rampart-config",
                      .environment = {{"RAMPART_FEATURES_DOCS_UI", "maybe"}}});
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().find("RAMPART_FEATURES_DOCS_UI (features.docs.ui"), std::string::npos)
      << loaded.error();
}

}  // namespace
}  // namespace rampart::config

namespace rampart::config {
namespace {

std::vector<FeatureSetting> Defaults() { return FeatureSettings(DefaultSettings()); }

const FeatureSetting& Flag(const std::vector<FeatureSetting>& flags, domain::Feature feature) {
  return flags[static_cast<std::size_t>(feature)];
}

TEST(FeatureDocument, SetsTheFlagsItNamesWithItsSource) {
  auto flags = Defaults();
  // rampart:begin(iam)
  ASSERT_TRUE(
      OverlayFeatureDocument(flags, R"({"registration.open": false})", "aws-sm:prod/flags", false));
  EXPECT_FALSE(Flag(flags, domain::Feature::kRegistrationOpen).value);
  EXPECT_EQ(Flag(flags, domain::Feature::kRegistrationOpen).source, "aws-sm:prod/flags");
  EXPECT_EQ(Flag(flags, domain::Feature::kPasswordReset).source, "default") << "not named";
  // rampart:else
  // ASSERT_TRUE(OverlayFeatureDocument(flags, R"({"docs.ui": true})", "aws-sm:prod/flags", false));
  // EXPECT_TRUE(Flag(flags, domain::Feature::kDocsUi).value);
  // EXPECT_EQ(Flag(flags, domain::Feature::kDocsUi).source, "aws-sm:prod/flags");
  // rampart:end
  EXPECT_TRUE(OverlayFeatureDocument(flags, "{}", "aws-sm:prod/flags", false));
}

TEST(FeatureDocument, RefusesAnUnknownFlagOrAWrongTypeAsAWholeAndChangesNothing) {
  const struct {
    std::string document;
    std::string reason;
  } refused[] = {
      {R"({"docs.ui": true, "docs.iu": true})", "names no feature flag \"docs.iu\""},
      {R"({"docs.ui": "true"})", "gives \"docs.ui\" a value that is not"},
      {R"({"docs.ui": 1})", "a value that is not true or false"},
      {R"(["docs.ui"])", "is not a JSON object"},
      {"not json", "is not a JSON object"},
  };
  for (const auto& [document, reason] : refused) {
    auto flags = Defaults();
    const auto result = OverlayFeatureDocument(flags, document, "aws-sm:f", false);
    ASSERT_FALSE(result) << document;
    EXPECT_TRUE(result.error().starts_with("aws-sm:f (features.source): ")) << result.error();
    EXPECT_NE(result.error().find(reason), std::string::npos) << result.error();
    EXPECT_FALSE(Flag(flags, domain::Feature::kDocsUi).value) << "nothing applied";
  }
}

TEST(FeatureDocument, ProductionRefusesTurningTheSwaggerUiOn) {
  auto flags = Defaults();
  EXPECT_FALSE(OverlayFeatureDocument(flags, R"({"docs.ui": true})", "aws-sm:f", true));
  EXPECT_TRUE(OverlayFeatureDocument(flags, R"({"docs.ui": true})", "aws-sm:f", false));
}

TEST(FeatureDocument, TheSourceSettingNamesAWholeSecret) {
  Settings settings;
  const auto* setting = FindSetting("features.source");
  ASSERT_NE(setting, nullptr);
  EXPECT_EQ(setting->env_var, "RAMPART_FEATURES_SOURCE");
  EXPECT_TRUE(setting->apply("aws-sm:prod/rampart/flags", settings));
  EXPECT_EQ(settings.features_source, "aws-sm:prod/rampart/flags");
  EXPECT_TRUE(setting->apply("", settings));
  EXPECT_FALSE(setting->apply("prod/rampart/flags", settings));
  EXPECT_FALSE(setting->apply("aws-sm:", settings));
  EXPECT_FALSE(setting->apply("aws-sm:prod/rampart/flags#open", settings));
  // rampart:begin(iam)
  EXPECT_TRUE(FindSetting("auth.keys_secret")->apply("aws-sm:prod/rampart/keys", settings));
  EXPECT_EQ(settings.keys_secret, "aws-sm:prod/rampart/keys");
  // rampart:end
}

}  // namespace
}  // namespace rampart::config
