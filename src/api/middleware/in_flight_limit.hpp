#pragma once
#include <atomic>
#include <cstddef>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

// InFlightLimitMiddleware is overload protection: at most `max_in_flight` requests are worked
// on at once by this instance; one more is refused at once with the same 503 + Retry-After the
// full worker pool gives (BusyProblem), so a burst turns into quick refusals instead of a
// growing backlog.
class InFlightLimitMiddleware final : public Middleware {
 public:
  explicit InFlightLimitMiddleware(std::size_t max_in_flight) : max_(max_in_flight) {}
  std::string_view Name() const override { return "in-flight-limit"; }
  boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) override;

  // InFlight is the number of requests past this stage now.
  std::size_t InFlight() const { return in_flight_.load(std::memory_order_relaxed); }
  // Refused is the number of requests refused since start.
  std::uint64_t Refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  const std::size_t max_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace rampart::api
