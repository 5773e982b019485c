#include "application/features/feature_flags.hpp"

#include <gtest/gtest.h>

#include "application/dispatch/feature_gate.hpp"

namespace rampart::application {
namespace {

using domain::Feature;

TEST(FeatureFlags, StartAtTheCatalogueDefaults) {
  const FeatureFlags flags;
  for (const auto& value : flags.Snapshot()) {
    EXPECT_EQ(value.value, domain::InfoOf(value.feature).default_value);
    EXPECT_EQ(value.source, "default");
    EXPECT_EQ(flags.Enabled(value.feature), value.value);
  }
  EXPECT_EQ(flags.Snapshot().size(), domain::kFeatureCount);
}

// rampart:begin(iam)
TEST(FeatureFlags, DiffReportsValueChangesOnlyAndApplyTakesThemOver) {
  FeatureFlags flags;
  const std::vector<FeatureValue> values = {
      {.feature = Feature::kRegistrationOpen, .value = false, .source = "RAMPART_FEATURES_X"},
      {.feature = Feature::kPasswordReset, .value = true, .source = "config/rampart.toml:3"}};
  const auto changes = flags.Diff(values);
  ASSERT_EQ(changes.size(), 1u) << "a new source alone is no change";
  EXPECT_EQ(changes[0].feature, Feature::kRegistrationOpen);
  EXPECT_TRUE(changes[0].from);
  EXPECT_FALSE(changes[0].to);
  EXPECT_EQ(changes[0].source, "RAMPART_FEATURES_X");
  EXPECT_TRUE(flags.Enabled(Feature::kRegistrationOpen)) << "Diff changes nothing";

  flags.Apply(values);
  EXPECT_FALSE(flags.Enabled(Feature::kRegistrationOpen));
  const auto snapshot = flags.Snapshot();
  EXPECT_EQ(snapshot[static_cast<std::size_t>(Feature::kPasswordReset)].source,
            "config/rampart.toml:3");
  EXPECT_EQ(snapshot[static_cast<std::size_t>(Feature::kDocsUi)].source, "default");
  EXPECT_TRUE(flags.Diff(values).empty());
}
// rampart:end

// One flag, on every service: a changed value and a new source.
TEST(FeatureFlags, ApplyTakesAChangedValueAndItsSourceOver) {
  FeatureFlags flags;
  const std::vector<FeatureValue> values = {
      {.feature = Feature::kDocsUi, .value = true, .source = "RAMPART_FEATURES_DOCS_UI"}};
  const auto changes = flags.Diff(values);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].feature, Feature::kDocsUi);
  EXPECT_FALSE(changes[0].from);
  EXPECT_TRUE(changes[0].to);
  EXPECT_FALSE(flags.Enabled(Feature::kDocsUi)) << "Diff changes nothing";
  flags.Apply(values);
  EXPECT_TRUE(flags.Enabled(Feature::kDocsUi));
  EXPECT_EQ(flags.Snapshot()[static_cast<std::size_t>(Feature::kDocsUi)].source,
            "RAMPART_FEATURES_DOCS_UI");
  EXPECT_TRUE(flags.Diff(values).empty());
}

struct Gated {
  static constexpr domain::Feature kFeature = Feature::kDocsUi;
};
struct NotGated {};

// The gate itself runs through the dispatcher in tests/integration/use_cases/features_test.cpp.
TEST(FeatureGate, RecognisesTheUseCasesAFlagSwitchesOff) {
  EXPECT_TRUE(FeatureGated<Gated>);
  EXPECT_FALSE(FeatureGated<NotGated>);
}

}  // namespace
}  // namespace rampart::application
