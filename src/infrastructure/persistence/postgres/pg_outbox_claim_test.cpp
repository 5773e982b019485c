// The outbox relay's claim on PostgreSQL with several instances: a claim in progress (its
// transaction open, its rows locked) must neither block another relay's claim nor let it take
// the same messages, nor a later message of an aggregate whose head is claimed (which would
// publish the aggregate out of order). FOR UPDATE SKIP LOCKED does the first two; the
// "no earlier unsent message" condition the third.
//
// Deterministic interleaving: the first claim's transaction stays open while the second claim
// runs on another thread; the second must finish on its own (without SKIP LOCKED it waits for
// the first one's row lock: the test then sees a lock waiter and fails).
#include <gtest/gtest.h>

#include <future>

#include "application/events/domain_events.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using namespace std::chrono_literals;
using application::TransactionMode;

class PgOutboxClaim : public ::testing::Test {
 protected:
  void SetUp() override { database_.Migrate(); }

  test_support::TempPgDatabase temp_;  // first: dropped after the pool is closed
  PgDatabase database_{test_support::TestOptions(temp_.Url())};
  SystemClock clock_;
  SodiumSecureRandom random_;

  std::string Append(const std::string& aggregate, domain::TimePoint at) {
    const auto id = random_.NewUuid();
    auto uow = database_.Begin(TransactionMode::kWrite);
    uow->Outbox().Append({.id = id,
                          .aggregate_id = aggregate,
                          .type = std::string(application::event_types::kNoteUpdated),
                          .payload = "{}",
                          .created_at = at,
                          .stream = std::string(application::kEventsStream)});
    uow->Commit();
    return id;
  }

  static std::vector<std::string> Ids(const std::vector<application::OutboxMessage>& messages) {
    std::vector<std::string> ids;
    for (const auto& message : messages) ids.push_back(message.id);
    return ids;
  }
};

TEST_F(PgOutboxClaim, ConcurrentClaimsTakeDisjointHeadsWithoutWaitingAndKeepEachAggregatesOrder) {
  const auto t0 = std::chrono::time_point_cast<std::chrono::seconds>(clock_.Now()) - 60s;
  const auto a1 = Append("a", t0);
  const auto b1 = Append("b", t0 + 1s);
  const auto a2 = Append("a", t0 + 2s);
  const auto c1 = Append("c", t0 + 3s);
  const auto now = t0 + 60s;

  auto first = database_.Begin(TransactionMode::kWrite);
  const auto mine = first->Outbox().Claim(application::kEventsStream, now, now + 60s, 1);
  ASSERT_EQ(Ids(mine), std::vector<std::string>{a1});

  auto second = std::async(std::launch::async, [&] {
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto claimed = uow->Outbox().Claim(application::kEventsStream, now, now + 60s, 10);
    uow->Commit();
    return claimed;
  });
  if (second.wait_for(20s) != std::future_status::ready) {
    first.reset();  // roll back, so that the second claim can end and the test fail cleanly
    FAIL() << "the second claim waited for the first one's row lock (lock waiter: "
           << test_support::WaitForALockWaiter(temp_.Url()) << ")";
  }
  const auto theirs = second.get();
  EXPECT_EQ(Ids(theirs), (std::vector<std::string>{b1, c1}))
      << "not a1 (claimed by the first), not a2 (behind a1)";
  first->Commit();

  // The lease holds: nothing is claimable until it runs out or a1 is sent.
  {
    auto uow = database_.Begin(TransactionMode::kWrite);
    EXPECT_TRUE(uow->Outbox().Claim(application::kEventsStream, now + 1s, now + 61s, 10).empty());
    uow->Outbox().MarkSent({a1}, now + 1s);
    uow->Commit();
  }
  auto uow = database_.Begin(TransactionMode::kWrite);
  EXPECT_EQ(Ids(uow->Outbox().Claim(application::kEventsStream, now + 2s, now + 62s, 10)),
            std::vector<std::string>{a2});
  uow->Commit();
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
