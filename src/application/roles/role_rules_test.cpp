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

TEST(PermissionNames, NormalizeSortsAndDropsDuplicates) {
  EXPECT_EQ(NormalizePermissionNames({"users.read", "audit.read", "users.read"}),
            (std::vector<std::string>{"audit.read", "users.read"}));
  EXPECT_TRUE(NormalizePermissionNames({}).empty());
}

}  // namespace
}  // namespace rampart::application
