// Two instances pruning the audit trail at the same moment on PostgreSQL: the second must
// neither wait for the first one's row locks nor delete what the first one is deleting. Without
// SKIP LOCKED the second DELETE queues behind the first transaction and fails after the
// client's call timeout.
#include <gtest/gtest.h>

#include <string>

#include "domain/audit_event.hpp"
#include "infrastructure/persistence/postgres/postgres_test_support.hpp"

namespace rampart::infrastructure::postgres {
namespace {

using application::TransactionMode;

constexpr long long kBound = 1767225600;  // 2026-01-01T00:00:00Z

domain::AuditEvent EventAt(int index, long long at) {
  char id[37];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", index);
  return {.id = id,
          .at = domain::TimePoint(std::chrono::seconds(at)),
          .action = std::string(domain::audit::kNoteDeleted),
          .actor_id = "u1",
          .target_type = "note",
          .target_id = "n1",
          .ip = "203.0.113.7",
          .user_agent = "test",
          .correlation_id = "c",
          .details_json = "{}"};
}

TEST(PgAuditRetention, TwoConcurrentPrunersSplitTheOldRowsWithoutWaiting) {
  test_support::TempDatabaseFactory factory;
  {
    auto uow = factory.Begin(TransactionMode::kWrite);
    for (int i = 0; i < 10; ++i) uow->Audit().Append(EventAt(i, kBound - 100 + i));
    uow->Audit().Append(EventAt(10, kBound));
    uow->Audit().Append(EventAt(11, kBound + 5));
    uow->Commit();
  }
  const auto bound = domain::TimePoint(std::chrono::seconds(kBound));

  auto first = factory.Begin(TransactionMode::kWrite);
  ASSERT_EQ(first->Audit().DeleteOlderThan(bound, 4), 4);  // holds its rows' locks from here

  auto second = factory.Begin(TransactionMode::kWrite);
  EXPECT_EQ(second->Audit().DeleteOlderThan(bound, 100), 6);  // the rest, at once
  second->Commit();
  first->Commit();

  auto read = factory.Begin(TransactionMode::kRead);
  EXPECT_EQ(read->Audit().Count({}), 2);
  EXPECT_EQ(read->Audit().Count({.from = bound}), 2);
}

}  // namespace
}  // namespace rampart::infrastructure::postgres
