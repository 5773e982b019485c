#include "api/server/dispatch.hpp"

#include "api/server/problem.hpp"
#include "api/server/run_blocking.hpp"
#include "common/log.hpp"

namespace rampart::api {

boost::asio::awaitable<Response> DispatchToEndpoint(HttpContext& context, WorkerPool& pool) {
  Request& request = context.request;
  const Endpoint* endpoint = context.endpoint;
  if (endpoint == nullptr) {
    co_return ProblemWithStatus(404, "not-found", "Not found", "No resource at this path.",
                                request);
  }
  if (endpoint->execution == Execution::kInline) co_return endpoint->handler(request);

  auto response =
      co_await RunBlocking(pool, [endpoint, &request] { return endpoint->handler(request); });
  if (response) co_return std::move(*response);
  log::Debug("http", "worker pool full, request refused",
             {{"correlationId", request.correlation_id},
              {"route", request.route},
              {"queued", pool.Queued()},
              {"busy", pool.Busy()}});
  co_return BusyProblem(request);
}

}  // namespace rampart::api
