// The audit retention pass (application/audit/prune_audit_events) on the real database adapter:
// a backlog larger than a batch goes in several short transactions, nothing at or after the
// bound goes, and a stop request ends the pass between batches.
#include <gtest/gtest.h>


#include "application/audit/prune_audit_events.hpp"
#include "integration/use_cases/use_case_database.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"

namespace rampart::application {
namespace {

using namespace std::chrono_literals;

const domain::TimePoint kBound{std::chrono::seconds(1'800'000'000)};

class AuditRetentionTest : public ::testing::Test,
                           protected infrastructure::test_support::UseCaseDatabase {
 protected:

  // `count` events, one per second, the newest at `last`.
  void AddEvents(int count, domain::TimePoint last) {
    auto uow = factory_->Begin(TransactionMode::kWrite);
    for (int i = 0; i < count; ++i) {
      uow->Audit().Append({.id = random_.NewUuid(),
                           .at = last - std::chrono::seconds(i),
                           .action = "auth.logout",
                           .actor_id = "u1",
                           .target_type = "session",
                           .target_id = "s1",
                           .ip = "203.0.113.7",
                           .user_agent = "test",
                           .correlation_id = "c",
                           .details_json = "{}"});
    }
    uow->Commit();
  }
  long long Count(AuditLog::Query query = {}) {
    return factory_->Begin(TransactionMode::kRead)->Audit().Count(query);
  }

  infrastructure::SodiumSecureRandom random_;
  UnitOfWorkFactory* factory_ = database_.get();
};

TEST_F(AuditRetentionTest, ABacklogGoesInBatchesAndNothingAtOrAfterTheBound) {
  AddEvents(2'500, kBound - 1s);  // older than the bound
  AddEvents(10, kBound + 9s);     // from the bound on
  const auto run = PruneAuditEvents(*factory_, kBound, 1'000);
  EXPECT_EQ(run.deleted, 2'500);
  EXPECT_EQ(run.batches, 3);
  EXPECT_FALSE(run.interrupted);
  EXPECT_EQ(run.bound, kBound);
  EXPECT_EQ(Count(), 10);
  EXPECT_EQ(Count({.from = kBound}), 10);

  const auto again = PruneAuditEvents(*factory_, kBound, 1'000);
  EXPECT_EQ(again.deleted, 0);
  EXPECT_EQ(again.batches, 0);
  EXPECT_EQ(Count(), 10);
}

TEST_F(AuditRetentionTest, AStopRequestEndsThePassBetweenBatches) {
  AddEvents(250, kBound - 1s);
  int asked = 0;
  const auto run = PruneAuditEvents(*factory_, kBound, 100, [&](std::chrono::nanoseconds took) {
    EXPECT_GT(took.count(), 0);
    return ++asked < 2;
  });
  EXPECT_TRUE(run.interrupted);
  EXPECT_EQ(run.deleted, 200);
  EXPECT_EQ(run.batches, 2);
  EXPECT_EQ(Count(), 50);
  // The next pass carries on where it stopped; the oldest went first.
  EXPECT_EQ(Count({.to = kBound - 201s}), 0);
  EXPECT_EQ(PruneAuditEvents(*factory_, kBound, 100).deleted, 50);
}

}  // namespace
}  // namespace rampart::application
