#include "api/middleware/in_flight_limit.hpp"

#include "api/http/problem.hpp"
#include "common/log.hpp"

namespace rampart::api {
namespace {

// Releases the slot however the rest of the pipeline ends (an exception included).
struct Slot {
  std::atomic<std::size_t>& count;
  ~Slot() { count.fetch_sub(1, std::memory_order_relaxed); }
};

}  // namespace

boost::asio::awaitable<Response> InFlightLimitMiddleware::Handle(HttpContext& context,
                                                                 const Next& next) {
  if (in_flight_.fetch_add(1, std::memory_order_relaxed) >= max_) {
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    refused_.fetch_add(1, std::memory_order_relaxed);
    log::Debug("http", "in-flight limit reached, request refused",
               {{"correlationId", context.request.correlation_id},
                {"maxInFlight", static_cast<std::int64_t>(max_)}});
    co_return BusyProblem(context.request);
  }
  Slot slot{in_flight_};
  co_return co_await next(context);
}

}  // namespace rampart::api
