// Contract: sessions and refresh tokens.
#include "integration/repository_contract.hpp"

#include <atomic>
#include <thread>

namespace rampart::integration {

TEST_P(RepositoryContract, SessionRoundTrips) {
  const auto user = AddUser("session@example.com");
  const auto active = MakeSession(user.id, At(kT0));
  auto revoked = MakeSession(user.id, At(kT0 + 1));
  revoked.revoked_at = At(kT0 + 2);
  revoked.revoked_reason = "logout";
  {
    auto uow = Write();
    uow->Sessions().Add(active);
    uow->Sessions().Add(revoked);
    uow->Commit();
  }
  auto uow = Read();
  const auto found_active = uow->Sessions().FindById(active.id);
  ASSERT_TRUE(found_active.has_value());
  ExpectSameSession(*found_active, active);
  const auto found_revoked = uow->Sessions().FindById(revoked.id);
  ASSERT_TRUE(found_revoked.has_value());
  ExpectSameSession(*found_revoked, revoked);
  EXPECT_FALSE(uow->Sessions().FindById(NewId()).has_value());
}

TEST_P(RepositoryContract, SessionUpdateWritesUsageAndRevocation) {
  const auto user = AddUser("update-session@example.com");
  auto session = MakeSession(user.id, At(kT0));
  {
    auto uow = Write();
    uow->Sessions().Add(session);
    uow->Commit();
  }
  session.last_used_at = At(kT0 + 60);
  session.idle_expires_at = At(kT0 + 60) + std::chrono::days(14);
  session.revoked_at = At(kT0 + 120);
  session.revoked_reason = "reuse";
  {
    auto uow = Write();
    uow->Sessions().Update(session);
    uow->Commit();
  }
  const auto found = Read()->Sessions().FindById(session.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameSession(*found, session);
}

TEST_P(RepositoryContract, ListByUserIsNewestFirstAndOnlyThatUser) {
  const auto user = AddUser("list@example.com");
  const auto other = AddUser("other@example.com");
  const auto oldest = MakeSession(user.id, At(kT0));
  const auto newest = MakeSession(user.id, At(kT0 + 200));
  const auto middle = MakeSession(user.id, At(kT0 + 100));
  const auto foreign = MakeSession(other.id, At(kT0 + 300));
  {
    auto uow = Write();
    for (const auto& session : {oldest, newest, middle, foreign}) uow->Sessions().Add(session);
    uow->Commit();
  }
  auto uow = Read();
  const auto sessions = uow->Sessions().ListByUser(user.id);
  ASSERT_EQ(sessions.size(), 3U);
  EXPECT_EQ(sessions[0].id, newest.id);
  EXPECT_EQ(sessions[1].id, middle.id);
  EXPECT_EQ(sessions[2].id, oldest.id);
  ExpectSameSession(sessions[1], middle);
  EXPECT_TRUE(uow->Sessions().ListByUser(NewId()).empty());
}

TEST_P(RepositoryContract, RevokeAllForUserCountsOnlyUnrevokedSessions) {
  const auto user = AddUser("revoke@example.com");
  const auto other = AddUser("bystander@example.com");
  auto already = MakeSession(user.id, At(kT0));
  already.revoked_at = At(kT0 + 1);
  already.revoked_reason = "logout";
  const auto first = MakeSession(user.id, At(kT0 + 2));
  const auto second = MakeSession(user.id, At(kT0 + 3));
  const auto untouched = MakeSession(other.id, At(kT0 + 4));
  {
    auto uow = Write();
    for (const auto& session : {already, first, second, untouched}) uow->Sessions().Add(session);
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_EQ(uow->Sessions().RevokeAllForUser(user.id, At(kT0 + 500), "logout_all"), 2);
    EXPECT_EQ(uow->Sessions().RevokeAllForUser(user.id, At(kT0 + 600), "logout_all"), 0);
    uow->Commit();
  }
  auto uow = Read();
  const auto kept = uow->Sessions().FindById(already.id);
  EXPECT_EQ(kept->revoked_at, At(kT0 + 1));
  EXPECT_EQ(kept->revoked_reason, "logout");
  for (const auto& id : {first.id, second.id}) {
    const auto revoked = uow->Sessions().FindById(id);
    EXPECT_EQ(revoked->revoked_at, At(kT0 + 500));
    EXPECT_EQ(revoked->revoked_reason, "logout_all");
  }
  EXPECT_FALSE(uow->Sessions().FindById(untouched.id)->revoked_at.has_value());
}

TEST_P(RepositoryContract, RefreshTokenRoundTripsAndIsSpentOnce) {
  const auto user = AddUser("refresh@example.com");
  const auto session = MakeSession(user.id, At(kT0));
  const domain::RefreshToken token{.token_hash = std::string(64, 'a'),
                                   .session_id = session.id,
                                   .issued_at = At(kT0),
                                   .spent_at = std::nullopt};
  {
    auto uow = Write();
    uow->Sessions().Add(session);
    uow->Sessions().AddRefreshToken(token);
    uow->Commit();
  }
  {
    const auto found = Read()->Sessions().FindRefreshToken(token.token_hash);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->token_hash, token.token_hash);
    EXPECT_EQ(found->session_id, session.id);
    EXPECT_EQ(found->issued_at, At(kT0));
    EXPECT_FALSE(found->spent_at.has_value());
  }
  {
    auto uow = Write();
    EXPECT_TRUE(uow->Sessions().SpendRefreshToken(token.token_hash, At(kT0 + 30)));
    EXPECT_FALSE(uow->Sessions().SpendRefreshToken(token.token_hash, At(kT0 + 31)));
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_FALSE(uow->Sessions().SpendRefreshToken(token.token_hash, At(kT0 + 40)));
    EXPECT_FALSE(uow->Sessions().SpendRefreshToken(std::string(64, 'b'), At(kT0 + 40)));
  }
  auto uow = Read();
  EXPECT_EQ(uow->Sessions().FindRefreshToken(token.token_hash)->spent_at, At(kT0 + 30));
  EXPECT_FALSE(uow->Sessions().FindRefreshToken(std::string(64, 'b')).has_value());
}

TEST_P(RepositoryContract, ConcurrentSpendsOfOneRefreshTokenHaveExactlyOneWinner) {
  const auto user = AddUser("race@example.com");
  const auto session = MakeSession(user.id, At(kT0));
  constexpr int kRounds = 20;
  {
    auto uow = Write();
    uow->Sessions().Add(session);
    for (int round = 0; round < kRounds; ++round) {
      uow->Sessions().AddRefreshToken({.token_hash = "race-" + std::to_string(round),
                                       .session_id = session.id,
                                       .issued_at = At(kT0),
                                       .spent_at = std::nullopt});
    }
    uow->Commit();
  }
  for (int round = 0; round < kRounds; ++round) {
    const std::string hash = "race-" + std::to_string(round);
    std::atomic<int> winners{0};
    std::atomic<int> failures{0};
    auto spend = [&] {
      try {
        auto uow = Write();
        if (uow->Sessions().SpendRefreshToken(hash, At(kT0 + 1))) ++winners;
        uow->Commit();
      } catch (...) {
        ++failures;
      }
    };
    std::thread a(spend);
    std::thread b(spend);
    a.join();
    b.join();
    EXPECT_EQ(failures.load(), 0) << hash;
    EXPECT_EQ(winners.load(), 1) << hash;
  }
}

}  // namespace rampart::integration
