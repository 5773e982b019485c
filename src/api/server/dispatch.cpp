#include "api/server/dispatch.hpp"

#include <chrono>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

#include "api/server/problem.hpp"
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

// Runs the endpoint's fast path and resumes on this request's I/O executor whichever thread
// the answer arrives on.
asio::awaitable<std::optional<Response>> TryFastPath(const Endpoint& endpoint, Request& request) {
  auto executor = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                          void(std::optional<Response>)>(
      [&endpoint, &request, executor](auto handler) {
        endpoint.fast_path(request, [executor, handler = std::move(handler)](
                                        std::optional<Response> response) mutable {
          asio::post(executor,
                     [handler = std::move(handler), response = std::move(response)]() mutable {
                       std::move(handler)(std::move(response));
                     });
        });
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
