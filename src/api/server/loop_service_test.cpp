// LoopService: work placed on the I/O threads' event loops (a client connection per loop) gets
// the very loops that run the requests, before they serve, and is detached at shutdown so that
// the server can finish although the work would otherwise keep the loops busy forever.
#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <set>

#include "api/server/server_fixture.hpp"

namespace rampart::api {
namespace {

namespace asio = boost::asio;
using testing_support::Get;
using testing_support::RawClient;
using namespace std::chrono_literals;

using Guard = asio::executor_work_guard<asio::io_context::executor_type>;

class LoopServiceTest : public testing_support::ServerFixture {
 protected:
  // Which attached loop runs the request's fast path: its index, or -1.
  int LoopRunningThisThread() const {
    for (std::size_t i = 0; i < loops_.size(); ++i) {
      if (loops_[i]->get_executor().running_in_this_thread()) return static_cast<int>(i);
    }
    return -1;
  }

  std::vector<asio::io_context*> loops_;  // as given to attach
  std::vector<Guard> guards_;             // work that never ends by itself
  int detached_ = 0;
};

TEST_F(LoopServiceTest, WorkOnTheLoopsGetsTheRequestsLoopsAndIsDetachedAtShutdown) {
  router_.Add({.method = Method::kGet,
               .route = "/which-loop",
               .handler = [](Request&) { return Response::Json(200, "-1"); },
               .fast_path =
                   [this](Request&, FastPathDone done) {
                     done(Response::Json(200, std::to_string(LoopRunningThisThread())));
                   }});
  WorkerPool pool(1, 4);
  auto server =
      std::make_unique<HttpServer>(ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 2},
                                   DefaultMiddleware(router_, tokens_), pool);
  server->AddLoopService({.attach =
                              [this](std::span<asio::io_context* const> loops) {
                                loops_.assign(loops.begin(), loops.end());
                                for (auto* loop : loops)
                                  guards_.push_back(asio::make_work_guard(*loop));
                              },
                          .detach =
                              [this] {
                                ++detached_;
                                guards_.clear();
                              }});
  server->Listen();
  std::thread running([&] { server->Run(); });

  std::set<std::string> seen;
  for (int i = 0; i < 8; ++i) {  // connections go round-robin to the loops
    RawClient client(server->Port());
    client.Send(Get("/which-loop"));
    auto response = client.Read();
    ASSERT_TRUE(response);
    seen.insert(response->body());
  }
  EXPECT_EQ(loops_.size(), 2u);
  EXPECT_EQ(seen, (std::set<std::string>{"0", "1"})) << "requests ran on loops not attached";
  EXPECT_EQ(detached_, 0);

  server->Stop();
  auto stopped = std::async(std::launch::async, [&] { running.join(); });
  ASSERT_EQ(stopped.wait_for(5s), std::future_status::ready) << "Run() did not return";
  EXPECT_EQ(detached_, 1);
  pool.Stop();
}

TEST_F(LoopServiceTest, CannotBeAddedOnceRunning) {
  WorkerPool pool(1, 4);
  HttpServer server(ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 1},
                    DefaultMiddleware(router_, tokens_), pool);
  server.Listen();
  std::thread running([&] { server.Run(); });
  // Run() has begun once a request is answered.
  RawClient client(server.Port());
  client.Send(Get("/hello"));
  ASSERT_TRUE(client.Read());
  EXPECT_THROW(server.AddLoopService({}), std::logic_error);
  server.Stop();
  running.join();
  pool.Stop();
}

}  // namespace
}  // namespace rampart::api
