#include "domain/feature.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rampart::domain {
namespace {

TEST(FeatureCatalogue, NamesAreUniqueDottedLowerCaseAndDescribed) {
  std::set<std::string_view> names;
  for (const auto& info : FeatureCatalogue()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_EQ(info.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_."), std::string_view::npos)
        << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    EXPECT_FALSE(info.off_detail.empty()) << info.name;
    EXPECT_EQ(&InfoOf(info.feature), &info);
    EXPECT_EQ(FindFeature(info.name), &info);
  }
  EXPECT_EQ(FeatureCatalogue().size(), kFeatureCount);
  EXPECT_EQ(FindFeature("no.such.flag"), nullptr);
}

TEST(FeatureCatalogue, HoldsTheFlagsTheApiPromises) {
  // rampart:begin(iam)
  EXPECT_EQ(InfoOf(Feature::kRegistrationOpen).name, "registration.open");
  EXPECT_EQ(InfoOf(Feature::kPasswordReset).name, "auth.password_reset");
  // rampart:end
  EXPECT_EQ(InfoOf(Feature::kDocsUi).name, "docs.ui");
  EXPECT_EQ(ToString(FeatureType::kBoolean), "boolean");
}

}  // namespace
}  // namespace rampart::domain
