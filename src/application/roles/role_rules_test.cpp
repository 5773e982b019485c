#include "application/roles/role_rules.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rampart::application {
namespace {

TEST(RoleName, AcceptsLowercaseSlugs) {
  for (const char* name : {"a", "support", "help-desk", "tier_2", "ops.read-only", "r2d2"}) {
    EXPECT_TRUE(IsValidRoleName(name)) << name;
  }
  EXPECT_TRUE(IsValidRoleName(std::string(64, 'a')));
}

TEST(RoleName, RefusesAnythingElse) {
  for (const char* name : {"", "Admin", "2fa", "-x", ".x", "_x", "has space", "tab\tname",
                           "semi;colon", "slash/x", "ümlaut", "x\n"}) {
    EXPECT_FALSE(IsValidRoleName(name)) << name;
  }
  EXPECT_FALSE(IsValidRoleName(std::string(65, 'a')));
}

TEST(RoleDescription, RefusesHiddenOrReorderingCharactersOneMessageEach) {
  EXPECT_FALSE(RoleDescriptionError(""));
  EXPECT_FALSE(RoleDescriptionError("Reads the audit log \xE2\x80\x94 nothing else"));
  EXPECT_FALSE(RoleDescriptionError(std::string(500, 'd')));
  for (const char* bad : {"line\nbreak", "c1\xC2\x85", "\xE2\x80\xAE" "desrever",
                          "\xE2\x81\xA7" "isolate", "\xEF\xBB\xBF" "bom", "\xE2\x80\x8B\xE2\x80\x8B",
                          "\xC3"}) {
    const auto error = RoleDescriptionError(bad);
    ASSERT_TRUE(error) << bad;
    EXPECT_TRUE(error->starts_with("Description must ")) << *error;
  }
  EXPECT_EQ(RoleDescriptionError(std::string(501, 'd')),
            "Description must be at most 500 characters.");
}

}  // namespace
}  // namespace rampart::application
