#include "application/dispatch/access_check.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

using Strings = std::vector<std::string>;

TEST(AccessCheck, ScopeLimitsPermissionsToTheIntersection) {
  const Strings held{"audit.read", "users.read"};
  EXPECT_EQ(LimitToScope(held, std::nullopt), held);
  EXPECT_EQ(LimitToScope(held, Strings{"users.read", "users.write"}), Strings{"users.read"});
  EXPECT_TRUE(LimitToScope(held, Strings{}).empty());
}

TEST(AccessCheck, IssuedPermissionsAreTheTokensSortedAndDistinct) {
  AccessClaims claims;
  claims.permissions = {"notes.write", "audit.read", "notes.write"};
  EXPECT_EQ(IssuedPermissions(claims), (Strings{"audit.read", "notes.write"}));
  claims.permissions.clear();
  EXPECT_TRUE(IssuedPermissions(claims).empty());
}

TEST(AccessCheck, IssuedPermissionsStayWithinAnUnsortedScope) {
  AccessClaims claims;
  claims.permissions = {"notes.write", "audit.read", "features.manage"};
  claims.scope = Strings{"notes.write", "audit.read", "audit.read", "queue.manage"};
  EXPECT_EQ(IssuedPermissions(claims), (Strings{"audit.read", "notes.write"}));
  claims.scope = Strings{};
  EXPECT_TRUE(IssuedPermissions(claims).empty());
}

TEST(AccessCheck, TrustedIssuerCheckHonoursWhatTheVerifierAccepted) {
  TrustedIssuerCheck check;
  AccessClaims claims;
  claims.subject = "0b7f4c1e-2a55-4d1b-9a51-0f0a8d1f6c11";
  EXPECT_TRUE(check.Check(claims).has_value());
}

}  // namespace
}  // namespace rampart::application
