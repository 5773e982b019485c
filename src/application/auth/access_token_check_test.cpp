#include "application/auth/access_token_check.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

using namespace std::chrono_literals;

const domain::TimePoint kNow{std::chrono::seconds(1767225600)};

AccessState Active() {
  return {.user_id = "u-1",
          .token_version = 2,
          .user_locked = false,
          .session_revoked_at = std::nullopt,
          .session_idle_expires_at = kNow + 1h,
          .session_absolute_expires_at = kNow + 24h};
}

AccessClaims Claims() {
  AccessClaims claims;
  claims.subject = "u-1";
  claims.session_id = "s-1";
  claims.token_version = 2;
  return claims;
}

bool Honoured(const std::optional<AccessState>& state, const AccessClaims& claims = Claims()) {
  return CheckAccessState(state, claims, kNow).has_value();
}

TEST(CheckAccessState, HonoursAnActiveSessionWithTheCurrentTokenVersion) {
  EXPECT_TRUE(Honoured(Active()));
}

TEST(CheckAccessState, RefusesEveryKindOfRevocation) {
  EXPECT_FALSE(Honoured(std::nullopt));  // session gone or user deleted
  auto bumped = Active();
  bumped.token_version = 3;  // logout-all, password change or reset since the token was issued
  EXPECT_FALSE(Honoured(bumped));
  auto locked = Active();
  locked.user_locked = true;
  EXPECT_FALSE(Honoured(locked));
  auto revoked = Active();
  revoked.session_revoked_at = kNow - 1s;
  EXPECT_FALSE(Honoured(revoked));
  auto idle = Active();
  idle.session_idle_expires_at = kNow;
  EXPECT_FALSE(Honoured(idle));
  auto old = Active();
  old.session_absolute_expires_at = kNow;
  EXPECT_FALSE(Honoured(old));
  auto other_user = Claims();
  other_user.subject = "u-2";  // a session id lifted into someone else's token
  EXPECT_FALSE(Honoured(Active(), other_user));
  auto error = CheckAccessState(bumped, Claims(), kNow);
  EXPECT_EQ(error.error().code, domain::ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace rampart::application
