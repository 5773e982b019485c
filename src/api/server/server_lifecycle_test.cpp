// The real server's failure and shutdown paths: throwing handlers, a full worker pool,
// graceful stop, listen errors.
#include <gtest/gtest.h>

#include <atomic>

#include "api/server/server_fixture.hpp"

namespace rampart::api {
namespace {

using namespace std::chrono_literals;
using testing_support::Get;
using testing_support::RawClient;
using ServerTest = testing_support::ServerFixture;

TEST_F(ServerTest, ThrowingWorkerHandlerIsA500Problem) {
  Start();
  RawClient client(Port());
  client.Send(Get("/boom", "X-Correlation-Id: boom-2\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 500);
  EXPECT_EQ((*response)[boost::beast::http::field::content_type], "application/problem+json");
  const auto body = Json(*response);
  EXPECT_EQ(body.at("type"), "/problems/internal");
  EXPECT_EQ(body.at("traceId"), "boom-2");
  EXPECT_EQ(response->body().find("kaboom"), std::string::npos);
  // The connection survives a failed handler.
  client.Send(Get("/hello"));
  auto next = client.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->result_int(), 200);
}

TEST_F(ServerTest, FullWorkerPoolAnswers503WithRetryAfter) {
  Start({}, /*workers=*/1, /*queue=*/1);
  RawClient running(Port());
  running.Send(Get("/block"));
  ASSERT_TRUE(gate_.WaitEntered(1));
  RawClient queued(Port());
  queued.Send(Get("/block"));
  for (int i = 0; i < 300 && pool_->Queued() < 1; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(pool_->Queued(), 1u);

  RawClient refused(Port());
  refused.Send(Get("/block", "X-Correlation-Id: busy-1\r\n"));
  auto busy = refused.Read();
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->result_int(), 503);
  EXPECT_EQ((*busy)[boost::beast::http::field::retry_after], "1");
  const auto body = Json(*busy);
  EXPECT_EQ(body.at("type"), "/problems/unavailable");
  EXPECT_EQ(body.at("traceId"), "busy-1");
  // Inline handlers still answer while the pool is saturated.
  refused.Send(Get("/hello"));
  auto hello = refused.Read();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->result_int(), 200);

  gate_.Open();
  auto first = running.Read();
  auto second = queued.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->result_int(), 200);
  EXPECT_EQ(second->result_int(), 200);
  EXPECT_EQ(pool_->Rejected(), 1u);
}

TEST_F(ServerTest, StopDrainsInFlightRequestsAndClosesIdleConnections) {
  Start({.idle_timeout = 30s});
  RawClient idle(Port());
  idle.Send(Get("/hello"));
  ASSERT_TRUE(idle.Read());  // now idle on a keep-alive connection

  RawClient busy(Port());
  busy.Send(Get("/slow"));
  std::this_thread::sleep_for(50ms);  // the handler is sleeping on a worker
  const auto started = std::chrono::steady_clock::now();
  server_->Server().Stop();

  auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(response->body(), R"({"slow":true})");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(idle.ClosedByServer(1s));
  server_->StopAndWait();  // Run() has returned
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

  // Nothing listens any more.
  EXPECT_THROW(RawClient{Port()}, boost::system::system_error);
}

TEST_F(ServerTest, StopStillAnswersTheFirstRequestOfANewConnection) {
  Start({.idle_timeout = 30s});
  RawClient fresh(Port());
  // Make sure the server has accepted it: one round trip on another connection after it.
  RawClient other(Port());
  other.Send(Get("/hello"));
  ASSERT_TRUE(other.Read());
  server_->Server().Stop();
  // The client is slow to send the request it opened the connection for (well within the
  // grace a new connection gets).
  std::this_thread::sleep_for(200ms);
  fresh.Send(Get("/hello"));
  auto response = fresh.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_FALSE(response->keep_alive());
  server_->StopAndWait();
}

TEST_F(ServerTest, ANewConnectionThatSendsNothingHoldsShutdownOnlyForTheGrace) {
  Start({.idle_timeout = 30s});
  RawClient silent(Port());
  RawClient other(Port());
  other.Send(Get("/hello"));
  ASSERT_TRUE(other.Read());
  const auto started = std::chrono::steady_clock::now();
  server_->Server().Stop();
  EXPECT_TRUE(silent.ClosedByServer(3s));
  server_->StopAndWait();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
}

// Lame duck (server.drain_delay): a stop request (SIGTERM, Stop) is reported at once and the
// server keeps accepting and serving until the delay ends; a second request drains at once.
TEST_F(ServerTest, TheLameDuckKeepsServingUntilTheDrainAndASecondStopDrainsAtOnce) {
  std::atomic<int> lame_duck{0};
  std::atomic<int> drains{0};
  Start({.idle_timeout = 30s,
         .drain_delay = 60s,
         .on_lame_duck = [&] { ++lame_duck; },
         .on_drain = [&] { ++drains; }});
  server_->Server().Stop();
  for (int i = 0; i < 300 && lame_duck == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(lame_duck.load(), 1);
  RawClient fresh(Port());  // still accepting
  fresh.Send(Get("/hello"));
  auto response = fresh.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_TRUE(response->keep_alive());
  EXPECT_EQ(drains.load(), 0);
  const auto started = std::chrono::steady_clock::now();
  server_->StopAndWait();  // the second stop: the drain, not 60 s later
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(drains.load(), 1);
  EXPECT_EQ(lame_duck.load(), 1);
}

TEST_F(ServerTest, ShutdownTimeoutClosesWhatIsLeft) {
  Start({.shutdown_timeout = 300ms});
  RawClient stuck(Port());
  stuck.Send(Get("/block"));
  ASSERT_TRUE(gate_.WaitEntered(1));
  const auto started = std::chrono::steady_clock::now();
  server_->Server().Stop();
  EXPECT_TRUE(stuck.ClosedByServer(2s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  // Run() returns once the abandoned job has finished with it.
  gate_.Open();
  server_->StopAndWait();
}

TEST_F(ServerTest, ListenFailureNamesTheAddress) {
  Start();
  WorkerPool pool(1, 1);
  HttpServer second({.host = "127.0.0.1", .port = Port()}, DefaultMiddleware(router_, tokens_),
                    pool);
  try {
    second.Listen();
    FAIL() << "listened twice on one port";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()),
              "cannot listen on 127.0.0.1:" + std::to_string(Port()) + ": Address already in use");
  }
}

TEST_F(ServerTest, PortZeroPicksAFreePort) {
  Start();
  EXPECT_NE(Port(), 0);
}

}  // namespace
}  // namespace rampart::api
