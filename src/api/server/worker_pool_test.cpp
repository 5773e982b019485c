#include "api/server/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>

namespace rampart::api {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPoolTest, RunsJobsOnItsThreads) {
  WorkerPool pool(2, 8);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.TrySubmit([&ran] { ran.set_value(std::this_thread::get_id()); }));
  auto future = ran.get_future();
  ASSERT_EQ(future.wait_for(2s), std::future_status::ready);
  EXPECT_NE(future.get(), std::this_thread::get_id());
  EXPECT_EQ(pool.Threads(), 2u);
}

TEST(WorkerPoolTest, RefusesWhenTheQueueIsFull) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.TrySubmit([gate, &started] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();
  EXPECT_TRUE(pool.TrySubmit([gate] { gate.wait(); }));
  EXPECT_TRUE(pool.TrySubmit([gate] { gate.wait(); }));
  EXPECT_EQ(pool.Queued(), 2u);
  EXPECT_EQ(pool.Busy(), 1u);
  EXPECT_FALSE(pool.TrySubmit([] {}));
  EXPECT_EQ(pool.Rejected(), 1u);
  release.set_value();
}

TEST(WorkerPoolTest, StopDrainsTheQueueThenRefuses) {
  std::atomic<int> done{0};
  WorkerPool pool(1, 100);
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(pool.TrySubmit([&done] {
      std::this_thread::sleep_for(1ms);
      ++done;
    }));
  }
  pool.Stop();
  EXPECT_EQ(done.load(), 50);
  EXPECT_FALSE(pool.TrySubmit([] {}));
  pool.Stop();  // idempotent
}

TEST(WorkerPoolTest, AThrowingJobDoesNotKillItsWorker) {
  WorkerPool pool(1, 4);
  ASSERT_TRUE(pool.TrySubmit([] { throw std::runtime_error("job failed"); }));
  std::promise<void> after;
  ASSERT_TRUE(pool.TrySubmit([&after] { after.set_value(); }));
  EXPECT_EQ(after.get_future().wait_for(2s), std::future_status::ready);
}

TEST(WorkerPoolTest, RejectsZeroSizes) {
  EXPECT_THROW(WorkerPool(0, 1), std::invalid_argument);
  EXPECT_THROW(WorkerPool(1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace rampart::api
