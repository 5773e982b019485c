// Contract: two-factor sign-in — TOTP enrolments (the last used step), recovery codes (single
// use, also under concurrent redemption) and login challenges.
#include <atomic>
#include <latch>
#include <thread>

#include "integration/repository_contract.hpp"

namespace rampart::integration {

namespace {

std::string Hash(char c) { return std::string(64, c); }

domain::TotpEnrolment Enrolment(const std::string& user_id) {
  return {.user_id = user_id, .sealed_secret = "v1.sealed-secret", .created_at = At(kT0)};
}

domain::MfaChallenge Challenge(char c, const std::string& user_id, long long expires_at) {
  return {.challenge_hash = Hash(c),
          .user_id = user_id,
          .token_version = 3,
          .created_at = At(kT0),
          .expires_at = At(expires_at)};
}

}  // namespace

TEST_P(RepositoryContract, TotpEnrolmentsRoundTripAndAreReplaced) {
  const auto user = AddUser("totp@example.com");
  EXPECT_FALSE(Read()->SecondFactors().FindTotp(user.id).has_value());
  EXPECT_FALSE(Read()->SecondFactors().FindTotp("not-a-uuid").has_value());
  {
    auto uow = Write();
    uow->SecondFactors().SaveTotp(Enrolment(user.id));
    uow->Commit();
  }
  auto stored = Read()->SecondFactors().FindTotp(user.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->sealed_secret, "v1.sealed-secret");
  EXPECT_EQ(stored->created_at, At(kT0));
  EXPECT_FALSE(stored->Active());
  EXPECT_FALSE(stored->last_used_step.has_value());

  auto confirmed = Enrolment(user.id);
  confirmed.sealed_secret = "v1.another";
  confirmed.confirmed_at = At(kT0 + 30);
  confirmed.last_used_step = 58917520;
  {
    auto uow = Write();
    uow->SecondFactors().SaveTotp(confirmed);
    uow->Commit();
  }
  stored = Read()->SecondFactors().FindTotp(user.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->sealed_secret, "v1.another");
  EXPECT_EQ(stored->confirmed_at, At(kT0 + 30));
  EXPECT_EQ(stored->last_used_step, 58917520);
  {
    auto uow = Write();  // rolled back
    EXPECT_TRUE(uow->SecondFactors().DeleteTotp(user.id));
  }
  EXPECT_TRUE(Read()->SecondFactors().FindTotp(user.id).has_value());
  auto uow = Write();
  EXPECT_TRUE(uow->SecondFactors().DeleteTotp(user.id));
  EXPECT_FALSE(uow->SecondFactors().DeleteTotp(user.id));
  uow->Commit();
  EXPECT_FALSE(Read()->SecondFactors().FindTotp(user.id).has_value());
}

TEST_P(RepositoryContract, ATotpStepIsUsedOnceAndOnlyForwardOnAConfirmedEnrolment) {
  const auto user = AddUser("steps@example.com");
  auto uow = Write();
  EXPECT_FALSE(uow->SecondFactors().UseTotpStep(user.id, 10));  // no enrolment
  uow->SecondFactors().SaveTotp(Enrolment(user.id));
  EXPECT_FALSE(uow->SecondFactors().UseTotpStep(user.id, 10));  // not confirmed
  auto confirmed = Enrolment(user.id);
  confirmed.confirmed_at = At(kT0);
  uow->SecondFactors().SaveTotp(confirmed);
  EXPECT_TRUE(uow->SecondFactors().UseTotpStep(user.id, 10));
  EXPECT_FALSE(uow->SecondFactors().UseTotpStep(user.id, 10));  // the replay
  EXPECT_FALSE(uow->SecondFactors().UseTotpStep(user.id, 9));   // an earlier step
  EXPECT_TRUE(uow->SecondFactors().UseTotpStep(user.id, 11));
  EXPECT_FALSE(uow->SecondFactors().UseTotpStep("not-a-uuid", 12));
  uow->Commit();
  EXPECT_EQ(Read()->SecondFactors().FindTotp(user.id)->last_used_step, 11);
}

TEST_P(RepositoryContract, RecoveryCodesAreSingleUseAndReplacedAsASet) {
  const auto user = AddUser("codes@example.com");
  const auto other = AddUser("other-codes@example.com");
  {
    auto uow = Write();
    uow->SecondFactors().ReplaceRecoveryCodes(user.id, {Hash('a'), Hash('b'), Hash('c')}, At(kT0));
    uow->SecondFactors().ReplaceRecoveryCodes(other.id, {Hash('d')}, At(kT0));
    uow->Commit();
  }
  EXPECT_EQ(Read()->SecondFactors().CountUnusedRecoveryCodes(user.id), 3);
  {
    auto uow = Write();
    EXPECT_TRUE(uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('a'), At(kT0 + 1)));
    EXPECT_FALSE(uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('a'), At(kT0 + 2)));
    EXPECT_FALSE(uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('d'), At(kT0 + 2)));
    EXPECT_FALSE(uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('z'), At(kT0 + 2)));
    EXPECT_FALSE(uow->SecondFactors().RedeemRecoveryCode("not-a-uuid", Hash('b'), At(kT0 + 2)));
    uow->Commit();
  }
  EXPECT_EQ(Read()->SecondFactors().CountUnusedRecoveryCodes(user.id), 2);
  {
    auto uow = Write();  // a new set voids the old one, used codes included
    uow->SecondFactors().ReplaceRecoveryCodes(user.id, {Hash('e'), Hash('a')}, At(kT0 + 3));
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_FALSE(uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('b'), At(kT0 + 4)));
    EXPECT_EQ(uow->SecondFactors().CountUnusedRecoveryCodes(user.id), 2);
    EXPECT_TRUE(uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('a'), At(kT0 + 4)));
    uow->SecondFactors().DeleteRecoveryCodes(user.id);
    uow->Commit();
  }
  EXPECT_EQ(Read()->SecondFactors().CountUnusedRecoveryCodes(user.id), 0);
  EXPECT_EQ(Read()->SecondFactors().CountUnusedRecoveryCodes(other.id), 1);
}

// Two transactions redeem the same code at once: the second's UPDATE meets the first's
// uncommitted one (PostgreSQL: it waits on the row lock, then re-checks `used_at IS NULL`;
// SQLite: it waits for the write lock) and changes nothing.
TEST_P(RepositoryContract, OfTwoConcurrentRedemptionsOfOneCodeExactlyOneWins) {
  const auto user = AddUser("race-codes@example.com");
  {
    auto uow = Write();
    uow->SecondFactors().ReplaceRecoveryCodes(user.id, {Hash('a')}, At(kT0));
    uow->Commit();
  }
  std::atomic<int> wins{0};
  std::latch first_redeemed(1);
  std::thread second;
  {
    auto first = Write();
    if (first->SecondFactors().RedeemRecoveryCode(user.id, Hash('a'), At(kT0 + 1))) ++wins;
    second = std::thread([&] {
      first_redeemed.wait();
      auto uow = Write();
      if (uow->SecondFactors().RedeemRecoveryCode(user.id, Hash('a'), At(kT0 + 2))) ++wins;
      uow->Commit();
    });
    first_redeemed.count_down();  // the second starts while the first is still open
    first->Commit();
  }
  second.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(Read()->SecondFactors().CountUnusedRecoveryCodes(user.id), 0);
}

TEST_P(RepositoryContract, ChallengesAreConsumedOnceAndExpiredOnesPruned) {
  const auto user = AddUser("challenge@example.com");
  {
    auto uow = Write();
    uow->SecondFactors().AddChallenge(Challenge('a', user.id, kT0 + 300));
    uow->SecondFactors().AddChallenge(Challenge('b', user.id, kT0 + 10));
    uow->SecondFactors().AddChallenge(Challenge('c', user.id, kT0 + 20));
    uow->Commit();
  }
  const auto found = Read()->SecondFactors().FindChallenge(Hash('a'));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, user.id);
  EXPECT_EQ(found->token_version, 3);
  EXPECT_EQ(found->created_at, At(kT0));
  EXPECT_EQ(found->expires_at, At(kT0 + 300));
  EXPECT_FALSE(found->used_at.has_value());
  EXPECT_FALSE(Read()->SecondFactors().FindChallenge(Hash('z')).has_value());
  {
    auto uow = Write();
    EXPECT_TRUE(uow->SecondFactors().ConsumeChallenge(Hash('a'), At(kT0 + 5)));
    EXPECT_FALSE(uow->SecondFactors().ConsumeChallenge(Hash('a'), At(kT0 + 6)));
    EXPECT_FALSE(uow->SecondFactors().ConsumeChallenge(Hash('z'), At(kT0 + 6)));
    uow->Commit();
  }
  EXPECT_EQ(Read()->SecondFactors().FindChallenge(Hash('a'))->used_at, At(kT0 + 5));
  {
    // Bound kT0 + 20: 'b' (expired at +10) goes; 'c' (at the bound) and 'a' stay.
    auto uow = Write();
    EXPECT_EQ(uow->SecondFactors().DeleteExpiredChallenges(At(kT0 + 20), 5), 1);
    EXPECT_EQ(uow->SecondFactors().DeleteExpiredChallenges(At(kT0 + 20), 5), 0);
    uow->Commit();
  }
  EXPECT_FALSE(Read()->SecondFactors().FindChallenge(Hash('b')).has_value());
  EXPECT_TRUE(Read()->SecondFactors().FindChallenge(Hash('c')).has_value());
}

}  // namespace rampart::integration
