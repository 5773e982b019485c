#include "infrastructure/resilience/bulkhead.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace rampart::infrastructure::resilience {
namespace {

using namespace std::chrono_literals;

void WaitForWaiters(const Bulkhead& bulkhead, int count) {
  while (bulkhead.Waiting() < count) std::this_thread::yield();  // a condition, not a time
}

TEST(Bulkhead, AdmitsUpToItsLimitAndRefusesAtOnceWithoutAWait) {
  Bulkhead bulkhead({.limit = 2, .max_wait = 0ms});
  auto first = bulkhead.Enter();
  auto second = bulkhead.Enter();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(bulkhead.InUse(), 2);
  EXPECT_FALSE(bulkhead.Enter());
  EXPECT_EQ(bulkhead.Rejected(), 1U);
  first = Bulkhead::Permit();
  EXPECT_EQ(bulkhead.InUse(), 1);
  EXPECT_TRUE(bulkhead.Enter());
}

TEST(Bulkhead, AFreedSlotGoesToTheLongestWaitingCaller) {
  Bulkhead bulkhead({.limit = 1, .max_wait = 60s});
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
  held = Bulkhead::Permit();
  a.join();
  b.join();
  EXPECT_EQ(order, (std::vector<char>{'a', 'b'}));
  EXPECT_EQ(bulkhead.InUse(), 0);
  EXPECT_EQ(bulkhead.Rejected(), 0U);
}

TEST(Bulkhead, AWaiterGivesUpAtItsDeadlineAndLeavesTheLine) {
  Bulkhead bulkhead({.limit = 1, .max_wait = 20ms});
  auto held = bulkhead.Enter();
  EXPECT_FALSE(bulkhead.Enter());
  EXPECT_EQ(bulkhead.Waiting(), 0);
  EXPECT_EQ(bulkhead.Rejected(), 1U);
  held = Bulkhead::Permit();
  EXPECT_EQ(bulkhead.InUse(), 0);
}

TEST(Bulkhead, RefusesANonsensicalLimit) {
  EXPECT_THROW(Bulkhead({.limit = 0}), std::invalid_argument);
  EXPECT_THROW(Bulkhead({.limit = 1, .max_wait = -1ms}), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::infrastructure::resilience
