#include "api/server/run_blocking.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <future>
#include <stdexcept>
#include <thread>

namespace rampart::api {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Runs `work` on a one-thread io_context and reports where the coroutine resumed.
struct Outcome {
  std::optional<Response> response;
  std::exception_ptr failure;
  std::thread::id job_thread;
  std::thread::id resumed_on;
};

Outcome Await(WorkerPool& pool, std::function<Response()> job) {
  asio::io_context io;
  Outcome outcome;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        try {
          outcome.response = co_await RunBlocking(pool, [&outcome, job] {
            outcome.job_thread = std::this_thread::get_id();
            return job();
          });
        } catch (...) {
          outcome.failure = std::current_exception();
        }
        outcome.resumed_on = std::this_thread::get_id();
      },
      [](std::exception_ptr failure) {
        if (failure) std::rethrow_exception(failure);
      });
  io.run();
  return outcome;
}

TEST(RunBlockingTest, ReturnsTheJobsResponseOnTheCallersThread) {
  WorkerPool pool(1, 4);
  const Outcome outcome = Await(pool, [] { return Response::Json(201, "{}"); });
  ASSERT_TRUE(outcome.response);
  EXPECT_EQ(outcome.response->status, 201);
  EXPECT_NE(outcome.job_thread, std::this_thread::get_id());
  EXPECT_EQ(outcome.resumed_on, std::this_thread::get_id());
}

TEST(RunBlockingTest, RethrowsTheJobsException) {
  WorkerPool pool(1, 4);
  const Outcome outcome = Await(pool, []() -> Response { throw std::out_of_range("nope"); });
  ASSERT_TRUE(outcome.failure);
  EXPECT_THROW(std::rethrow_exception(outcome.failure), std::out_of_range);
  EXPECT_EQ(outcome.resumed_on, std::this_thread::get_id());
}

TEST(RunBlockingTest, RefusedJobGivesNullopt) {
  WorkerPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.TrySubmit([gate, &started] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();
  ASSERT_TRUE(pool.TrySubmit([gate] { gate.wait(); }));  // fills the queue
  bool ran = false;
  const Outcome outcome = Await(pool, [&ran] {
    ran = true;
    return Response::NoContent();
  });
  EXPECT_FALSE(outcome.response);
  EXPECT_FALSE(outcome.failure);
  EXPECT_FALSE(ran);
  release.set_value();
}

}  // namespace
}  // namespace rampart::api
