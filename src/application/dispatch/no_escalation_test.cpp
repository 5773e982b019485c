#include "application/dispatch/no_escalation.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

using Names = std::vector<std::string>;

TEST(NoEscalation, MissingPermissionsAreTheNeededOnesNotHeld) {
  EXPECT_EQ(MissingPermissions({"roles.manage", "users.read"}, {"audit.read", "users.read"}),
            Names{"audit.read"});
  EXPECT_TRUE(MissingPermissions({"roles.manage"}, {}).empty());
  EXPECT_TRUE(MissingPermissions({"a", "b", "c"}, {"a", "c"}).empty());
  EXPECT_EQ(MissingPermissions({}, {"a", "b"}), (Names{"a", "b"}));
}

TEST(NoEscalation, RequireHeldRefusesNamingWhatIsMissingOnlyWhenAllowed) {
  EXPECT_TRUE(RequireHeld({"a", "b"}, {"a"}, "No.", true));
  EXPECT_TRUE(RequireHeld({}, {}, "No.", true));

  auto named = RequireHeld({"b"}, {"a", "b", "c"}, "No.", true);
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().code, domain::ErrorCode::kForbidden);
  EXPECT_EQ(named.error().detail, "No. Missing: a, c.");

  auto unnamed = RequireHeld({"b"}, {"a", "b", "c"}, "No.", false);
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().code, domain::ErrorCode::kForbidden);
  EXPECT_EQ(unnamed.error().detail, "No.");
}

}  // namespace
}  // namespace rampart::application
