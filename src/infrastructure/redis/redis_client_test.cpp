// The connection per attached event loop (RedisClient::AttachLoops) against a real redis-server:
// commands sent from the loop's thread use that loop's own connection and are answered on that
// thread; it fails fast while Redis is down, times out while it is paused, comes back, and lets
// the loop finish once detached.
#include "infrastructure/redis/redis_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <optional>
#include <thread>

#include "common/log_capture.hpp"
#include "infrastructure/redis/redis_test_support.hpp"
#include "integration/cache/redis_server.hpp"

namespace rampart::infrastructure::redis {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using integration::RedisServer;
using test_support::Eventually;
using test_support::OptionsFor;

// An event loop on a thread of its own, as an HTTP server's I/O thread is.
class Loop {
 public:
  Loop() : work_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}
  ~Loop() {
    work_.reset();
    if (thread_.joinable()) thread_.join();
  }
  asio::io_context* Context() { return &io_; }
  std::thread::id ThreadId() const { return thread_.get_id(); }
  // Lets run() return once nothing else is pending; true when it did within `within`.
  bool FinishesWithin(std::chrono::milliseconds within) {
    work_.reset();
    auto finished = std::async(std::launch::async, [this] { thread_.join(); });
    return finished.wait_for(within) == std::future_status::ready;
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
};

struct Answer {
  RedisClient::Reply reply;
  std::thread::id thread;  // where the callback ran
};

// Sends `args` from a handler running on `loop` and waits for the reply.
Answer SendFromLoop(RedisClient& client, Loop& loop, std::vector<std::string> args) {
  std::promise<Answer> answered;
  asio::post(*loop.Context(), [&client, &answered, args = std::move(args)]() mutable {
    client.Send(std::move(args), [&answered](RedisClient::Reply reply) {
      answered.set_value({std::move(reply), std::this_thread::get_id()});
    });
  });
  return answered.get_future().get();
}

std::optional<long long> ClientId(const RedisClient::Reply& reply) {
  if (!reply || reply->type != RespValue::Type::kInteger) return std::nullopt;
  return reply->integer;
}

// The loop's connection is up once CLIENT ID from the loop names another connection than the
// client's own.
bool LoopConnectionUp(RedisClient& client, Loop& loop) {
  return Eventually([&] {
    const auto own = ClientId(client.Call({"CLIENT", "ID"}));
    const auto from_loop = ClientId(SendFromLoop(client, loop, {"CLIENT", "ID"}).reply);
    return own && from_loop && *own != *from_loop;
  });
}

TEST(RedisClientLoops, ACommandFromAnAttachedLoopGoesOverItsOwnConnectionAndIsAnsweredThere) {
  RedisServer server;
  Loop loop;
  RedisClient client(OptionsFor(server));
  asio::io_context* loops[] = {loop.Context()};
  client.AttachLoops(loops);
  ASSERT_TRUE(LoopConnectionUp(client, loop));

  const Answer set = SendFromLoop(client, loop, {"SET", "loop-key", "loop-value"});
  ASSERT_TRUE(set.reply);
  EXPECT_EQ(set.thread, loop.ThreadId());
  // Written over one connection, read over another: the same server.
  const auto get = client.Call({"GET", "loop-key"});
  ASSERT_TRUE(get);
  EXPECT_EQ(get->text, "loop-value");
  client.DetachLoops();
}

TEST(RedisClientLoops, CommandsSentTogetherFromTheLoopAreAnsweredInOrder) {
  RedisServer server;
  Loop loop;
  RedisClient client(OptionsFor(server));
  asio::io_context* loops[] = {loop.Context()};
  client.AttachLoops(loops);
  ASSERT_TRUE(LoopConnectionUp(client, loop));

  static constexpr int kCommands = 2000;
  std::promise<int> done;
  asio::post(*loop.Context(), [&] {
    auto state = std::make_shared<std::pair<int, int>>(0, 0);  // answered, right
    for (int i = 0; i < kCommands; ++i) {
      client.Send({"ECHO", std::to_string(i)}, [&done, state, i](RedisClient::Reply reply) {
        if (reply && reply->text == std::to_string(i)) ++state->second;
        if (++state->first == kCommands) done.set_value(state->second);
      });
    }
  });
  EXPECT_EQ(done.get_future().get(), kCommands);
  client.DetachLoops();
}

TEST(RedisClientLoops, AKilledServerFailsLoopCommandsFastAndTheLoopConnectionComesBack) {
  RedisServer server;
  Loop loop;
  RedisClient client(OptionsFor(server));
  asio::io_context* loops[] = {loop.Context()};
  client.AttachLoops(loops);
  ASSERT_TRUE(LoopConnectionUp(client, loop));

  server.Kill();
  ASSERT_TRUE(Eventually([&] { return !SendFromLoop(client, loop, {"PING"}).reply; }));
  const auto start = std::chrono::steady_clock::now();
  const Answer down = SendFromLoop(client, loop, {"PING"});
  EXPECT_FALSE(down.reply);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);  // no timeout: fails at once

  server.Restart();
  EXPECT_TRUE(LoopConnectionUp(client, loop));
  client.DetachLoops();
}

// The warning names the reason only: Boost's system_error::what() appends the source location
// (" [system:104 at /usr/include/boost/asio/detail/...]"), which an operator cannot act on.
TEST(RedisClient, ALostConnectionIsLoggedWithoutBoostSourceLocations) {
  log::test_support::LogCapture capture("warn");
  RedisServer server;
  RedisClient client(OptionsFor(server));
  ASSERT_TRUE(Eventually([&] { return client.Call({"PING"}).has_value(); }));
  server.Kill();
  const auto lost_line = [&] {
    for (const auto& line : capture.Lines()) {
      if (line.find("connection failed or lost") != std::string::npos) return line;
    }
    return std::string();
  };
  ASSERT_TRUE(Eventually([&] { return !lost_line().empty(); }));
  const auto line = lost_line();
  EXPECT_EQ(line.find("/usr/include"), std::string::npos) << line;
  EXPECT_EQ(line.find("[system:"), std::string::npos) << line;
  EXPECT_NE(line.find("\"error\":\""), std::string::npos) << line;
}

TEST(RedisClientLoops, APausedServerTimesLoopCommandsOutAndTheyWorkAgainWhenItResumes) {
  RedisServer server;
  Loop loop;
  auto options = OptionsFor(server);
  options.command_timeout = 100ms;
  RedisClient client(options);
  asio::io_context* loops[] = {loop.Context()};
  client.AttachLoops(loops);
  ASSERT_TRUE(LoopConnectionUp(client, loop));

  server.Pause();
  const auto start = std::chrono::steady_clock::now();
  const Answer slow = SendFromLoop(client, loop, {"PING"});
  EXPECT_FALSE(slow.reply);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);  // bounded by the command timeout
  EXPECT_EQ(slow.thread, loop.ThreadId());

  server.Resume();
  EXPECT_TRUE(Eventually([&] { return SendFromLoop(client, loop, {"PING"}).reply.has_value(); }));
  EXPECT_TRUE(LoopConnectionUp(client, loop));
  client.DetachLoops();
}

TEST(RedisClientLoops, DetachedLoopsRunOutOfWorkAndTheirThreadsUseTheClientsConnection) {
  RedisServer server;
  Loop loop;
  RedisClient client(OptionsFor(server));
  asio::io_context* loops[] = {loop.Context()};
  client.AttachLoops(loops);
  ASSERT_TRUE(LoopConnectionUp(client, loop));

  client.DetachLoops();
  client.DetachLoops();  // a second call does nothing
  // Served by the client's own connection now: the same id as a blocking call's.
  ASSERT_TRUE(Eventually([&] {
    return ClientId(SendFromLoop(client, loop, {"CLIENT", "ID"}).reply) ==
           ClientId(client.Call({"CLIENT", "ID"}));
  }));
  EXPECT_TRUE(loop.FinishesWithin(2s)) << "the loop still had work of the detached connection";
}

TEST(RedisClientLoops, ALoopNeverRunUntilTheClientGoesHoldsNothingUp) {
  RedisServer server;
  asio::io_context never_run;
  {
    RedisClient client(OptionsFor(server));
    asio::io_context* loops[] = {&never_run};
    client.AttachLoops(loops);
  }  // the client's destructor detaches (posts to the loop)
  EXPECT_GT(never_run.run_for(1s), 0u);
  EXPECT_TRUE(never_run.stopped()) << "the loop kept work after the client was gone";
}

}  // namespace
}  // namespace rampart::infrastructure::redis
