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

TEST(LockoutPolicy, AnAddressWithoutAnAccountIsCountedExactlyLikeAnAccount) {
  // Same failures at the same moments: the same locks, so the answers cannot tell them apart.
  LockoutPolicy policy;
  User user = MakeUser();
  AddressFailures address{.key = "k"};
  TimePoint now = kT0;
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(policy.RecordFailure(address, now), policy.RecordFailure(user, now)) << i;
    EXPECT_EQ(address.failed_logins, user.failed_logins);
    EXPECT_EQ(LockoutPolicy::RemainingLock(address, now + 1s),
              LockoutPolicy::RemainingLock(user, now + 1s));
    now += (i % 3 == 0) ? 2min : 10s;
  }
  now += 12h;
  EXPECT_EQ(policy.RecordFailure(address, now), policy.RecordFailure(user, now));
  EXPECT_EQ(address.failed_logins, 1);
}

TEST(LockoutPolicy, ACounterIsForgottenOnceNeitherItsCountNorItsLockMatters) {
  LockoutPolicy policy;  // reset after 12 h, locks of at most 15 min
  EXPECT_EQ(policy.ForgottenBefore(kT0), kT0 - 12h);
  // A lock longer than the quiet period keeps the counter alive until the lock is over.
  LockoutPolicy long_locks{.max_lock = 24h, .reset_after = 1h};
  EXPECT_EQ(long_locks.ForgottenBefore(kT0), kT0 - 24h);
  AddressFailures address{.key = "k"};
  for (int i = 0; i < 25; ++i) long_locks.RecordFailure(address, kT0);
  EXPECT_EQ(address.locked_until, kT0 + 24h);
  EXPECT_FALSE(*address.last_failed_login_at < long_locks.ForgottenBefore(kT0 + 24h));
  EXPECT_TRUE(*address.last_failed_login_at < long_locks.ForgottenBefore(kT0 + 24h + 1s));
  EXPECT_FALSE(LockoutPolicy::RemainingLock(address, kT0 + 24h + 1s));
}

}  // namespace
}  // namespace rampart::domain
