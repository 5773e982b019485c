#include "domain/permission.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

TEST(PermissionNames, NormalizeSortsAndDropsDuplicates) {
  EXPECT_EQ(NormalizePermissionNames({"users.read", "audit.read", "users.read"}),
            (std::vector<std::string>{"audit.read", "users.read"}));
  EXPECT_TRUE(NormalizePermissionNames({}).empty());
}

TEST(PermissionNames, EveryCataloguedNameIsKnownAndNoOtherIs) {
  for (const auto& permission : PermissionCatalogue()) EXPECT_TRUE(IsKnownPermission(permission.name));
  EXPECT_FALSE(IsKnownPermission("users.Read"));
  EXPECT_FALSE(IsKnownPermission(""));
}

}  // namespace
}  // namespace rampart::domain
