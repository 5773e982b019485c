// An endpoint's fast path on the real server: answered inside the call (an in-process cache),
// answered later from another thread (a networked cache's I/O thread), or declined either way
// (the handler answers); the response carries the pipeline's headers in every case.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "api/server/server_fixture.hpp"

namespace rampart::api {
namespace {

using testing_support::Get;
using testing_support::RawClient;

// Answers `done` from threads of its own, as a cache client's I/O thread would.
class Answerer {
 public:
  ~Answerer() {
    for (auto& thread : threads_) thread.join();
  }
  void Later(FastPathDone done, std::optional<Response> response) {
    std::lock_guard lock(mutex_);
    threads_.emplace_back([done = std::move(done), response = std::move(response)]() mutable {
      done(std::move(response));
    });
  }

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

class FastPathTest : public testing_support::ServerFixture {
 protected:
  FastPathTest() {
    AddFastPath("/fast/now", [](Request&, FastPathDone done) {
      done(Response::Json(200, R"({"by":"fast path, at once"})"));
    });
    AddFastPath("/fast/later", [this](Request&, FastPathDone done) {
      answerer_.Later(std::move(done), Response::Json(200, R"({"by":"fast path, later"})"));
    });
    AddFastPath("/fast/decline-now", [](Request&, FastPathDone done) { done(std::nullopt); });
    AddFastPath("/fast/decline-later", [this](Request&, FastPathDone done) {
      answerer_.Later(std::move(done), std::nullopt);
    });
  }

  void AddFastPath(std::string route, FastPath fast_path) {
    router_.Add({.method = Method::kGet,
                 .route = std::move(route),
                 .handler =
                     [this](Request&) {
                       ++handled_;
                       return Response::Json(200, R"({"by":"handler"})");
                     },
                 .fast_path = std::move(fast_path)});
  }

  // Declared last: its threads are joined before the fixture's server goes.
  std::atomic<int> handled_{0};
  Answerer answerer_;
};

TEST_F(FastPathTest, AnAnswerGivenInsideTheCallIsTheResponse) {
  Start();
  RawClient client(Port());
  client.Send(Get("/fast/now", "X-Correlation-Id: now-1\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(response->body(), R"({"by":"fast path, at once"})");
  EXPECT_EQ((*response)["X-Correlation-Id"], "now-1");
  EXPECT_EQ((*response)["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(FastPathTest, AnAnswerFromAnotherThreadIsTheResponse) {
  Start();
  RawClient client(Port());
  client.Send(Get("/fast/later", "X-Correlation-Id: later-1\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(response->body(), R"({"by":"fast path, later"})");
  EXPECT_EQ((*response)["X-Correlation-Id"], "later-1");
  EXPECT_EQ((*response)["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(handled_.load(), 0);
}

TEST_F(FastPathTest, ADeclineEitherWayLetsTheHandlerAnswer) {
  Start();
  RawClient client(Port());
  for (const char* target : {"/fast/decline-now", "/fast/decline-later"}) {
    client.Send(Get(target));
    auto response = client.Read();
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->result_int(), 200) << target;
    EXPECT_EQ(response->body(), R"({"by":"handler"})") << target;
  }
  EXPECT_EQ(handled_.load(), 2);
}

// Many requests of every kind, pipelined on several connections at once: each gets its own
// answer, in order, whichever way and on whichever thread it was given.
TEST_F(FastPathTest, MixedAnswersOnManyConnectionsStayMatchedToTheirRequests) {
  Start();
  constexpr int kConnections = 4;
  constexpr int kRounds = 50;
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"/fast/now", R"({"by":"fast path, at once"})"},
      {"/fast/later", R"({"by":"fast path, later"})"},
      {"/fast/decline-now", R"({"by":"handler"})"},
      {"/fast/decline-later", R"({"by":"handler"})"}};
  std::vector<std::thread> clients;
  std::atomic<int> matched{0};
  for (int c = 0; c < kConnections; ++c) {
    clients.emplace_back([&, c] {
      RawClient client(Port());
      std::string batch;
      std::vector<std::string> expected;
      for (int i = 0; i < kRounds; ++i) {
        const auto& [target, body] = kinds[(c + i) % kinds.size()];
        batch += Get(target);
        expected.push_back(body);
      }
      client.Send(batch);
      for (const auto& body : expected) {
        auto response = client.Read();
        if (!response || response->result_int() != 200 || response->body() != body) return;
        ++matched;
      }
    });
  }
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(matched.load(), kConnections * kRounds);
}

}  // namespace
}  // namespace rampart::api
