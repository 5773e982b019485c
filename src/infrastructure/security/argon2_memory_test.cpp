#include "infrastructure/security/argon2_memory.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rampart::infrastructure {
namespace {

constexpr std::size_t kBytes = 64 * 1024;

TEST(Argon2MemoryPool, MapsNothingBeforeTheFirstLease) {
  Argon2MemoryPool pool(kBytes);
  EXPECT_EQ(pool.regions(), 0U);
  EXPECT_EQ(pool.region_bytes(), kBytes);
}

TEST(Argon2MemoryPool, AReturnedRegionIsLentAgain) {
  Argon2MemoryPool pool(kBytes);
  unsigned char* first = nullptr;
  {
    const auto lease = pool.Acquire();
    ASSERT_EQ(lease.memory().size(), kBytes);
    first = lease.memory().data();
    lease.memory()[0] = 1;
    lease.memory()[kBytes - 1] = 2;  // the whole region is writable
  }
  const auto again = pool.Acquire();
  EXPECT_EQ(again.memory().data(), first);
  EXPECT_EQ(pool.regions(), 1U);
}

TEST(Argon2MemoryPool, LeasesHeldAtOnceGetDistinctRegions) {
  Argon2MemoryPool pool(kBytes);
  {
    const auto a = pool.Acquire();
    const auto b = pool.Acquire();
    const auto c = pool.Acquire();
    EXPECT_NE(a.memory().data(), b.memory().data());
    EXPECT_NE(b.memory().data(), c.memory().data());
    EXPECT_NE(a.memory().data(), c.memory().data());
  }
  EXPECT_EQ(pool.regions(), 3U);
  const auto d = pool.Acquire();  // a free one, no fourth mapping
  EXPECT_EQ(pool.regions(), 3U);
}

TEST(Argon2MemoryPool, ConcurrentLeasesNeverShareARegion) {
  Argon2MemoryPool pool(kBytes);
  constexpr int kThreads = 4;
  constexpr int kRounds = 200;
  std::vector<std::thread> threads;
  std::vector<int> clashes(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        const auto lease = pool.Acquire();
        auto* word = reinterpret_cast<volatile int*>(lease.memory().data());
        *word = t;
        std::this_thread::yield();
        if (*word != t) ++clashes[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(clashes[t], 0) << "thread " << t;
  EXPECT_LE(pool.regions(), static_cast<std::size_t>(kThreads));
}

}  // namespace
}  // namespace rampart::infrastructure
