#include "api/server/dispatch.hpp"

#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "api/http/problem.hpp"
#include "api/server/run_blocking.hpp"
#include "common/log.hpp"

namespace rampart::api {
namespace {

using Clock = std::chrono::steady_clock;

// Runs the handler with the request's trace context current on this thread (log lines and
// spans of the handler join the request), and adds its time to the request's timings.
Response RunHandler(const Endpoint& endpoint, Request& request) {
  telemetry::ContextScope scope(request.telemetry);
  const auto started = Clock::now();
  struct AddTime {
    telemetry::RequestTimings* timings;
    Clock::time_point started;
    ~AddTime() {
      if (timings != nullptr) {
        timings->handler_nanos.fetch_add(std::chrono::nanoseconds(Clock::now() - started).count(),
                                         std::memory_order_relaxed);
      }
    }
  } add_time{request.telemetry.timings, started};
  return endpoint.handler(request);
}

namespace asio = boost::asio;

// Runs the endpoint's fast path. An answer given before fast_path returns (an in-process cache
// answers on this thread, inside the call) is taken at once: no suspension, no post. A later
// answer (a networked cache, from its I/O callback on any thread) resumes this coroutine
// through a post to its own executor; the coroutine never runs on the answering thread.
asio::awaitable<std::optional<Response>> TryFastPath(const Endpoint& endpoint, Request& request) {
  // In this coroutine's frame, which lives until the answer has been taken. The answering
  // callback and this coroutine agree through `state` which of them completes the wait.
  struct Answer {
    enum State : int { kStarting, kAnswered, kWaiting };
    std::atomic<int> state{kStarting};
    std::optional<Response> response;
    std::move_only_function<void()> resume;  // set before state becomes kWaiting
  } answer;
  endpoint.fast_path(request, [&answer](std::optional<Response> response) {
    answer.response = std::move(response);
    int expected = Answer::kStarting;
    if (answer.state.compare_exchange_strong(expected, Answer::kAnswered, std::memory_order_acq_rel,
                                             std::memory_order_acquire)) {
      return;  // the coroutine has not suspended yet: it takes the answer itself
    }
    // kWaiting: the coroutine is suspended and `resume` is set. Move it out first: once it has
    // posted, the coroutine may resume (on its thread) and `answer` is gone.
    auto resume = std::move(answer.resume);
    resume();
  });
  if (answer.state.load(std::memory_order_acquire) == Answer::kAnswered) {
    co_return std::move(answer.response);
  }
  auto executor = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                          void(std::optional<Response>)>(
      [&answer, executor](auto handler) {
        auto complete = [&answer, executor, handler = std::move(handler)]() mutable {
          asio::post(executor, [&answer, handler = std::move(handler)]() mutable {
            std::move(handler)(std::move(answer.response));
          });
        };
        answer.resume = std::move(complete);
        int expected = Answer::kStarting;
        if (!answer.state.compare_exchange_strong(
                expected, Answer::kWaiting, std::memory_order_acq_rel, std::memory_order_acquire)) {
          // Answered from another thread between the check above and now.
          auto resume = std::move(answer.resume);
          resume();
        }
      },
      asio::use_awaitable);
}

}  // namespace

boost::asio::awaitable<Response> DispatchToEndpoint(HttpContext& context, WorkerPool& pool) {
  Request& request = context.request;
  const Endpoint* endpoint = context.endpoint;
  if (endpoint == nullptr) {
    co_return ProblemWithStatus(404, "not-found", "Not found", "No resource at this path.",
                                request);
  }
  if (endpoint->fast_path) {
    if (auto answered = co_await TryFastPath(*endpoint, request)) co_return std::move(*answered);
  }
  if (endpoint->execution == Execution::kInline) co_return RunHandler(*endpoint, request);

  const auto submitted = Clock::now();
  auto response = co_await RunBlocking(pool, [endpoint, &request, submitted] {
    if (auto* timings = request.telemetry.timings) {
      timings->queue_wait_nanos.store(std::chrono::nanoseconds(Clock::now() - submitted).count(),
                                      std::memory_order_relaxed);
    }
    return RunHandler(*endpoint, request);
  });
  if (response) co_return std::move(*response);
  telemetry::ContextScope scope(request.telemetry);
  log::Debug("http", "worker pool full, request refused",
             {{"route", request.route}, {"queued", pool.Queued()}, {"busy", pool.Busy()}});
  co_return BusyProblem(request);
}

}  // namespace rampart::api
