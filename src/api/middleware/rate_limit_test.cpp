#include "api/middleware/rate_limit.hpp"

#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>

#include <latch>
#include <optional>
#include <thread>

#include "api/middleware/pipeline_test_support.hpp"
#include "domain/credential_format.hpp"  // rampart:only(iam)
#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"

namespace rampart::api {
namespace {

using application::RateLimitDecision;
using application::RateLimitPolicy;
using std::chrono::seconds;
using testing_support::Answer;
using testing_support::HeaderOf;
using testing_support::RunStage;

RateLimitPolicies SmallPolicies() {
  // rampart:begin(iam)
  return {.ip = {.name = "ip", .limit = 3, .window = seconds(60)},
          .user = {.name = "user", .limit = 2, .window = seconds(10)},
          .auth = {.name = "auth", .limit = 1, .window = seconds(30)}};
  // rampart:else
  // return {.ip = {.name = "ip", .limit = 3, .window = seconds(60)},
  //         .user = {.name = "user", .limit = 2, .window = seconds(10)}};
  // rampart:end
}

Request FromIp(std::string ip, Method method = Method::kGet, std::string path = "/api/v1/x") {
  Request request;
  request.client_ip = std::move(ip);
  request.method = method;
  request.path = std::move(path);
  return request;
}

Response Pass(RateLimitMiddleware& stage, Request& request, bool* called = nullptr) {
  HttpContext context{request};
  return RunStage(stage, context, Answer(Response::Json(200, "{}"), called));
}

TEST(RateLimit, AllowsUpToTheLimitPerIpThenAnswers429WithHeaders) {
  infrastructure::MemoryRateLimitStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, SmallPolicies());
  for (int i = 0; i < 3; ++i) {
    Request request = FromIp("192.0.2.1");
    const Response response = Pass(stage, request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(HeaderOf(response, "RateLimit-Policy"), "\"ip\";q=3;w=60");
    EXPECT_EQ(HeaderOf(response, "RateLimit"),
              "\"ip\";r=" + std::to_string(2 - i) + ";t=" + std::to_string(20 * (i + 1)));
  }
  Request request = FromIp("192.0.2.1");
  bool called = false;
  const Response refused = Pass(stage, request, &called);
  EXPECT_FALSE(called) << "a refused request never reaches the handler";
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.content_type, "application/problem+json");
  EXPECT_NE(refused.body.find("/problems/rate-limited"), std::string::npos);
  EXPECT_EQ(HeaderOf(refused, "Retry-After"), "20");
  EXPECT_EQ(HeaderOf(refused, "RateLimit"), "\"ip\";r=0;t=60");

  Request other = FromIp("192.0.2.2");
  EXPECT_EQ(Pass(stage, other).status, 200) << "another client has its own bucket";
}

// rampart:begin(iam)
TEST(RateLimit, StrictEndpointsAlsoTakeFromTheAuthBucket) {
  infrastructure::MemoryRateLimitStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, SmallPolicies());
  Request login = FromIp("192.0.2.1", Method::kPost, "/api/v1/auth/login");
  const Response first = Pass(stage, login);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(HeaderOf(first, "RateLimit-Policy"), "\"ip\";q=3;w=60, \"auth\";q=1;w=30");
  EXPECT_EQ(HeaderOf(first, "RateLimit"), "\"ip\";r=2;t=20, \"auth\";r=0;t=30");

  Request register_request = FromIp("192.0.2.1", Method::kPost, "/api/v1/auth/register");
  const Response refused = Pass(stage, register_request);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(HeaderOf(refused, "Retry-After"), "30");

  Request read = FromIp("192.0.2.1", Method::kGet, "/api/v1/auth/login");
  EXPECT_EQ(Pass(stage, read).status, 200) << "only POST is strict";
  Request refresh = FromIp("192.0.2.1", Method::kPost, "/api/v1/auth/refresh");
  EXPECT_FALSE(RateLimitMiddleware::IsStrictEndpoint(refresh));
  EXPECT_TRUE(RateLimitMiddleware::IsStrictEndpoint(
      FromIp("x", Method::kPost, "/api/v1/auth/forgot-password")));
}
// rampart:end

TEST(RateLimit, AnIpv6ClientIsLimitedByItsSlash64) {
  infrastructure::MemoryRateLimitStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, SmallPolicies());
  for (const char* ip : {"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9"}) {
    Request request = FromIp(ip);
    EXPECT_EQ(Pass(stage, request).status, 200) << ip;
  }
  Request same_prefix = FromIp("2001:db8:1:2:abcd::1");
  EXPECT_EQ(Pass(stage, same_prefix).status, 429);
  Request other_prefix = FromIp("2001:db8:1:3::1");
  EXPECT_EQ(Pass(stage, other_prefix).status, 200);
  Request mapped = FromIp("::ffff:192.0.2.1");  // an IPv4 client on a dual-stack listener
  EXPECT_EQ(Pass(stage, mapped).status, 200);
}

TEST(RateLimit, HealthProbesAreNotLimited) {
  infrastructure::MemoryRateLimitStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, SmallPolicies());
  for (int i = 0; i < 10; ++i) {
    Request probe = FromIp("192.0.2.1", Method::kGet, "/health/live");
    EXPECT_EQ(Pass(stage, probe).status, 200);
  }
  Request request = FromIp("192.0.2.1");
  EXPECT_EQ(HeaderOf(Pass(stage, request), "RateLimit"), "\"ip\";r=2;t=20");
}

TEST(RateLimit, UserScopeLimitsAuthenticatedRequestsByUser) {
  infrastructure::MemoryRateLimitStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kUser, SmallPolicies());
  Request anonymous = FromIp("192.0.2.1");
  for (int i = 0; i < 5; ++i) {
    const Response response = Pass(stage, anonymous);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(HeaderOf(response, "RateLimit"), "") << "no user, no user bucket";
  }
  for (const char* ip : {"192.0.2.1", "198.51.100.7"}) {  // one user, two addresses
    Request request = FromIp(ip);
    request.principal = std::make_shared<const application::AccessClaims>(
        application::AccessClaims{.subject = "user-1"});
    EXPECT_EQ(Pass(stage, request).status, 200);
  }
  Request third = FromIp("203.0.113.1");
  third.principal = std::make_shared<const application::AccessClaims>(
      application::AccessClaims{.subject = "user-1"});
  const Response refused = Pass(stage, third);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(HeaderOf(refused, "RateLimit-Policy"), "\"user\";q=2;w=10");
  Request someone_else = FromIp("203.0.113.1");
  someone_else.principal = std::make_shared<const application::AccessClaims>(
      application::AccessClaims{.subject = "user-2"});
  EXPECT_EQ(Pass(stage, someone_else).status, 200);
}

// rampart:begin(iam)
// The first use of an API key reaches the user stage unverified (Request::api_key, no principal):
// it is limited by the key's public id instead of passing unlimited.
TEST(RateLimit, UserScopeLimitsAnApiKeyNotVerifiedYet) {
  infrastructure::MemoryRateLimitStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kUser, SmallPolicies());
  const std::string key = domain::ApiKeyText("AbCdEf012345", "0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(domain::ApiKeyPublicId(key)) << key;
  for (const char* ip : {"192.0.2.1", "198.51.100.7"}) {
    Request request = FromIp(ip);
    request.api_key = key;
    const Response response = Pass(stage, request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(HeaderOf(response, "RateLimit-Policy"), "\"user\";q=2;w=10");
  }
  Request third = FromIp("203.0.113.1");
  third.api_key = key;
  EXPECT_EQ(Pass(stage, third).status, 429);
  Request other_key = FromIp("203.0.113.1");
  other_key.api_key = domain::ApiKeyText("ZyXwVu987654", "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(Pass(stage, other_key).status, 200);
}
// rampart:end

// A store that decides on its own thread, as a networked one does.
class ThreadedStore final : public application::RateLimitStore {
 public:
  void Take(std::string_view key, const RateLimitPolicy& policy, std::uint32_t cost,
            Completion done) override {
    const RateLimitDecision decision = inner_.TakeNow(key, policy, cost);
    threads_.emplace_back([decision, done = std::move(done)]() mutable { done(decision); });
  }
  ~ThreadedStore() override {
    for (auto& thread : threads_) thread.join();
  }

 private:
  infrastructure::MemoryRateLimitStore inner_;
  std::vector<std::thread> threads_;
};

TEST(RateLimit, ResumesOnTheCallersThreadWhenTheStoreAnswersFromAnother) {
  ThreadedStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, SmallPolicies());
  const auto caller = std::this_thread::get_id();
  std::thread::id handler_thread;
  Request request = FromIp("192.0.2.9");
  HttpContext context{request};
  const Response response =
      RunStage(stage, context, [&](HttpContext&) -> boost::asio::awaitable<Response> {
        handler_thread = std::this_thread::get_id();
        co_return Response::Json(200, "{}");
      });
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(handler_thread, caller);
}

// A store that answers on its own thread and lets go of the completion only when released,
// as a store waiting on a network reply frees its pending call after the reply's callback has
// returned.
class HoldingStore final : public application::RateLimitStore {
 public:
  void Take(std::string_view key, const RateLimitPolicy& policy, std::uint32_t cost,
            Completion done) override {
    const RateLimitDecision decision = inner_.TakeNow(key, policy, cost);
    thread_ = std::thread([this, decision, done = std::move(done)]() mutable {
      done(decision);
      answered_.count_down();
      release_.wait();
      done = nullptr;
    });
  }
  void WaitAnswered() { answered_.wait(); }
  void Release() { release_.count_down(); }
  ~HoldingStore() override {
    if (thread_.joinable()) {
      Release();
      thread_.join();
    }
  }

 private:
  infrastructure::MemoryRateLimitStore inner_;
  std::latch answered_{1};
  std::latch release_{1};
  std::thread thread_;
};

// The loop must not run out of work while the store still holds the completion: its owner
// would destroy the io_context under the store's thread (make tsan caught that in post()).
TEST(RateLimit, TheLoopKeepsRunningUntilTheStoreLetsGoOfTheCompletion) {
  HoldingStore store;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, SmallPolicies());
  Request request = FromIp("192.0.2.9");
  HttpContext context{request};
  const Next next = Answer(Response::Json(200, "{}"));
  boost::asio::io_context io;
  std::optional<Response> response;
  boost::asio::co_spawn(io, stage.Handle(context, next),
                        [&](std::exception_ptr, Response answer) { response = std::move(answer); });
  io.poll();  // up to the store's call
  store.WaitAnswered();
  io.poll();  // the decision and the rest of the stage
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_FALSE(io.stopped()) << "the loop ran out of work while the store held the completion";
  store.Release();
  io.run();  // returns once the store has let go
  EXPECT_TRUE(io.stopped());
}

// A networked store that decides locally (backend down) and completes inside Take.
class InlineStore final : public application::RateLimitStore {
 public:
  void Take(std::string_view key, const RateLimitPolicy& policy, std::uint32_t cost,
            Completion done) override {
    done(inner_.TakeNow(key, policy, cost));
  }

 private:
  infrastructure::MemoryRateLimitStore inner_;
};

TEST(RateLimit, AStoreCompletingInsideTakeStillWorksOverManyRequests) {
  InlineStore store;
  RateLimitPolicies policies = SmallPolicies();
  policies.ip.limit = 1'000'000;
  RateLimitMiddleware stage(store, RateLimitScope::kClientIp, policies);
  // Many requests on one io_context in one coroutine: a completion resumed inline would nest
  // each request's frames inside the previous one's and run out of stack.
  boost::asio::io_context io;
  int ok = 0;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        for (int i = 0; i < 200'000; ++i) {
          Request request = FromIp("192.0.2.1");
          HttpContext context{request};
          const Response response =
              co_await stage.Handle(context, Answer(Response::Json(200, "{}")));
          ok += response.status == 200;
        }
      },
      boost::asio::detached);
  io.run();
  EXPECT_EQ(ok, 200'000);
}

}  // namespace
}  // namespace rampart::api
