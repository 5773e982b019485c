#include "api/middleware/in_flight_limit.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/middleware/pipeline_test_support.hpp"

namespace rampart::api {
namespace {

namespace asio = boost::asio;
using testing_support::HeaderOf;

TEST(InFlightLimit, RefusesBeyondTheBoundWith503AndReleasesSlots) {
  asio::io_context io;
  InFlightLimitMiddleware stage(2);
  asio::steady_timer gate(io, asio::steady_timer::time_point::max());
  // The handler waits on `gate`, so requests pile up in flight.
  const Next slow = [&gate](HttpContext&) -> asio::awaitable<Response> {
    boost::system::error_code ignored;
    co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    co_return Response::Json(200, "{}");
  };
  std::vector<int> statuses;
  std::vector<Response> refusals;
  std::vector<std::unique_ptr<Request>> requests;
  for (int i = 0; i < 4; ++i) {
    requests.push_back(std::make_unique<Request>());
    asio::co_spawn(
        io,
        [&, request = requests.back().get()]() -> asio::awaitable<void> {
          HttpContext context{*request};
          Response response = co_await stage.Handle(context, slow);
          statuses.push_back(response.status);
          if (response.status == 503) refusals.push_back(std::move(response));
        },
        asio::detached);
  }
  io.poll();
  EXPECT_EQ(stage.InFlight(), 2u);
  ASSERT_EQ(refusals.size(), 2u);
  EXPECT_EQ(HeaderOf(refusals[0], "Retry-After"), "1");
  EXPECT_NE(refusals[0].body.find("/problems/unavailable"), std::string::npos);
  gate.cancel();
  io.run();
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 200, 200}));
  EXPECT_EQ(stage.InFlight(), 0u);
  EXPECT_EQ(stage.Refused(), 2u);
}

}  // namespace
}  // namespace rampart::api
