#include "domain/lockout_policy.hpp"

#include <gtest/gtest.h>

namespace rampart::domain {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0{std::chrono::seconds(1767225600)};

User MakeUser() { return User{.id = "u-1", .email = *Email::Parse("ada@example.com")}; }

TEST(LockoutPolicy, LocksAfterMaxFailuresThenDoublesUpToTheCap) {
  LockoutPolicy policy;  // 5 failures, 1 min doubling to 15 min
  User user = MakeUser();
  TimePoint now = kT0;
  for (int i = 1; i < 5; ++i) {
    EXPECT_FALSE(policy.RecordFailure(user, now)) << i;
    EXPECT_FALSE(LockoutPolicy::RemainingLock(user, now));
  }
  auto until = policy.RecordFailure(user, now);
  ASSERT_TRUE(until);
  EXPECT_EQ(*until, now + 1min);
  EXPECT_EQ(LockoutPolicy::RemainingLock(user, now + 10s), 50s);
  // After each lock expires, one more failure locks again for twice as long, capped at 15 min.
  for (auto expected : {2min, 4min, 8min, 15min, 15min}) {
    now = *user.locked_until;
    EXPECT_FALSE(LockoutPolicy::RemainingLock(user, now));
    until = policy.RecordFailure(user, now);
    ASSERT_TRUE(until);
    EXPECT_EQ(*until - now, expected);
  }
}

TEST(LockoutPolicy, CountRestartsAfterAQuietPeriod) {
  LockoutPolicy policy;
  User user = MakeUser();
  for (int i = 0; i < 4; ++i) policy.RecordFailure(user, kT0);
  EXPECT_EQ(user.failed_logins, 4);
  EXPECT_FALSE(policy.RecordFailure(user, kT0 + 12h));  // 12 h without failures: counts as first
  EXPECT_EQ(user.failed_logins, 1);
}

TEST(LockoutPolicy, ClearForgetsFailuresAndTheLock) {
  LockoutPolicy policy{.max_failures = 2};
  User user = MakeUser();
  policy.RecordFailure(user, kT0);
  ASSERT_TRUE(policy.RecordFailure(user, kT0));
  LockoutPolicy::Clear(user);
  EXPECT_EQ(user.failed_logins, 0);
  EXPECT_FALSE(user.last_failed_login_at);
  EXPECT_FALSE(LockoutPolicy::RemainingLock(user, kT0));
}

}  // namespace
}  // namespace rampart::domain
