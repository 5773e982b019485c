#include "infrastructure/resilience/bulkhead.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rampart::infrastructure::resilience {
namespace {

TEST(Bulkhead, RefusesBeyondTheLimitAndFreesAPlaceWhenAPermitDies) {
  Bulkhead bulkhead(2);
  auto first = bulkhead.TryAcquire();
  auto second = bulkhead.TryAcquire();
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(bulkhead.TryAcquire());
  EXPECT_EQ(bulkhead.InUse(), 2U);
  first.reset();
  EXPECT_EQ(bulkhead.InUse(), 1U);
  EXPECT_TRUE(bulkhead.TryAcquire());
  EXPECT_EQ(bulkhead.InUse(), 1U);  // the temporary permit died with the expression
}

TEST(Bulkhead, NeverAdmitsMoreThanTheLimitUnderContention) {
  Bulkhead bulkhead(3);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (auto permit = bulkhead.TryAcquire()) {
          const int now = ++inside;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          --inside;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_EQ(bulkhead.InUse(), 0U);
}

TEST(Bulkhead, RejectsAZeroLimit) { EXPECT_THROW(Bulkhead(0), std::invalid_argument); }

}  // namespace
}  // namespace rampart::infrastructure::resilience
