#include "infrastructure/resilience/queued_bulkhead.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace rampart::infrastructure::resilience {
namespace {

using namespace std::chrono_literals;

void WaitForWaiters(const QueuedBulkhead& bulkhead, int count) {
  while (bulkhead.Waiting() < count) std::this_thread::yield();  // a condition, not a time
}

TEST(QueuedBulkhead, AdmitsUpToItsLimitAndRefusesAtOnceWithoutAWait) {
  QueuedBulkhead bulkhead({.limit = 2, .max_wait = 0ms});
  auto first = bulkhead.Enter();
  auto second = bulkhead.Enter();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(bulkhead.InUse(), 2);
  EXPECT_FALSE(bulkhead.Enter());
  EXPECT_EQ(bulkhead.Rejected(), 1U);
  first = QueuedBulkhead::Permit();
  EXPECT_EQ(bulkhead.InUse(), 1);
  EXPECT_TRUE(bulkhead.Enter());
}

TEST(QueuedBulkhead, AFreedSlotGoesToTheLongestWaitingCaller) {
  QueuedBulkhead bulkhead({.limit = 1, .max_wait = 60s});
  auto held = bulkhead.Enter();
  std::mutex mutex;
  std::vector<char> order;
  auto waiter = [&](char name) {
    auto permit = bulkhead.Enter();
    std::lock_guard lock(mutex);
    order.push_back(permit ? name : '-');
  };
  std::thread a(waiter, 'a');
  WaitForWaiters(bulkhead, 1);
  std::thread b(waiter, 'b');
  WaitForWaiters(bulkhead, 2);
  held = QueuedBulkhead::Permit();
  a.join();
  b.join();
  EXPECT_EQ(order, (std::vector<char>{'a', 'b'}));
  EXPECT_EQ(bulkhead.InUse(), 0);
  EXPECT_EQ(bulkhead.Rejected(), 0U);
}

TEST(QueuedBulkhead, AWaiterGivesUpAtItsDeadlineAndLeavesTheLine) {
  QueuedBulkhead bulkhead({.limit = 1, .max_wait = 20ms});
  auto held = bulkhead.Enter();
  EXPECT_FALSE(bulkhead.Enter());
  EXPECT_EQ(bulkhead.Waiting(), 0);
  EXPECT_EQ(bulkhead.Rejected(), 1U);
  held = QueuedBulkhead::Permit();
  EXPECT_EQ(bulkhead.InUse(), 0);
}

TEST(QueuedBulkhead, RefusesANonsensicalLimit) {
  EXPECT_THROW(QueuedBulkhead({.limit = 0}), std::invalid_argument);
  EXPECT_THROW(QueuedBulkhead({.limit = 1, .max_wait = -1ms}), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure::resilience
