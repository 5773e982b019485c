#include "infrastructure/rate_limit_redis/redis_rate_limit_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"
#include "integration/cache/redis_server.hpp"
#include "integration/rate_limit/rate_limit_contract.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::redis {
namespace {

using namespace std::chrono_literals;
using application::RateLimitDecision;
using application::RateLimitPolicy;
using integration::RedisServer;

// One server for the contract tests of this process; tests keep apart by key prefix.
RedisServer& SharedServer() {
  static RedisServer server;
  return server;
}

std::shared_ptr<RedisClient> ConnectedClient(const RedisServer& server) {
  auto client = std::make_shared<RedisClient>(
      RedisClientOptions{.endpoint = {.host = "127.0.0.1", .port = server.Port()},
                         .command_timeout = 250ms,
                         .reconnect_initial = 20ms,
                         .reconnect_max = 200ms});
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!client->Connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  return client;
}

std::shared_ptr<RedisRateLimitStore> MakeStore(std::shared_ptr<RedisClient> client,
                                               std::string_view env = "test") {
  return std::make_shared<RedisRateLimitStore>(std::move(client), env,
                                               std::make_unique<MemoryRateLimitStore>());
}

integration::RateLimitStoreUnderTest MakeRedisStore() {
  static std::atomic<int> next = 0;
  return {MakeStore(ConnectedClient(SharedServer())),
          "ip:" + std::to_string(::getpid()) + "-" + std::to_string(next++) + ":"};
}

using integration::RateLimitContract;
INSTANTIATE_TEST_SUITE_P(Redis, RateLimitContract,
                         ::testing::Values(integration::ContractStore{"redis", &MakeRedisStore}),
                         integration::ContractStoreName);

RateLimitDecision Take(RedisRateLimitStore& store, std::string_view key,
                       const RateLimitPolicy& policy) {
  if (auto now = store.TryTakeNow(key, policy, 1)) return *now;
  std::promise<RateLimitDecision> promise;
  auto decided = promise.get_future();
  store.Take(key, policy, 1, [&promise](RateLimitDecision d) { promise.set_value(d); });
  return decided.get();
}

constexpr RateLimitPolicy kThreePerHour{.name = "auth", .limit = 3, .window = 1h};

// The store's transition counter towards `to` (declared by the store with these labels).
std::uint64_t Transitions(std::string_view to) {
  return telemetry::Metrics()
      .Counter("rampart.rate_limit.store.transitions",
               "Switches of the shared rate-limit store between Redis and local limits.",
               "{switch}", {"to"})
      .With({to})
      .Value();
}

TEST(RedisRateLimitStore, KeysAreNamespacedAndExpireWhenTheBucketIsFullAgain) {
  auto client = ConnectedClient(SharedServer());
  auto store = MakeStore(client, "keys");
  const std::string key = "auth:198.51.100." + std::to_string(::getpid() % 250);
  const std::string redis_key = "rampart:keys:ratelimit:" + key + ":v1";
  EXPECT_EQ(store->RedisKey(key), redis_key);
  ASSERT_TRUE(Take(*store, key, kThreePerHour).allowed);
  const auto pttl = client->Call({"PTTL", redis_key});
  ASSERT_TRUE(pttl);
  ASSERT_EQ(pttl->type, RespValue::Type::kInteger);
  // One token of three an hour: the bucket is full again in 20 minutes.
  EXPECT_GT(pttl->integer, 19 * 60 * 1000);
  EXPECT_LE(pttl->integer, 20 * 60 * 1000);
  ASSERT_TRUE(client->Call({"UNLINK", redis_key}));
}

TEST(RedisRateLimitStore, TwoInstancesOnOneRedisEnforceOneLimit) {
  auto first = MakeStore(ConnectedClient(SharedServer()), "shared");
  auto second = MakeStore(ConnectedClient(SharedServer()), "shared");
  const std::string key = "auth:two-" + std::to_string(::getpid());
  EXPECT_TRUE(Take(*first, key, kThreePerHour).allowed);
  EXPECT_TRUE(Take(*second, key, kThreePerHour).allowed);
  EXPECT_TRUE(Take(*first, key, kThreePerHour).allowed);
  EXPECT_FALSE(Take(*second, key, kThreePerHour).allowed);
  EXPECT_FALSE(Take(*first, key, kThreePerHour).allowed);
}

TEST(RedisRateLimitStore, RunsTheScriptWithEvalWhenRedisHasForgottenIt) {
  auto client = ConnectedClient(SharedServer());
  auto store = MakeStore(client, "noscript");
  const std::string key = "auth:flush-" + std::to_string(::getpid());
  ASSERT_TRUE(Take(*store, key, kThreePerHour).allowed);
  ASSERT_TRUE(client->Call({"SCRIPT", "FLUSH"}));
  const auto second = Take(*store, key, kThreePerHour);
  EXPECT_TRUE(second.allowed);
  EXPECT_EQ(second.remaining, 1u);  // counted in Redis, not locally
  EXPECT_FALSE(store->Degraded());
  const auto exists = client->Call({"SCRIPT", "EXISTS", RedisRateLimitStore::ScriptSha1()});
  ASSERT_TRUE(exists);
  ASSERT_EQ(exists->elements.size(), 1u);
  EXPECT_EQ(exists->elements[0].integer, 1);  // the EVAL cached it under the SHA we send
}

TEST(RedisRateLimitStore, AKilledServerMeansLocalLimitsThenSharedOnesAgain) {
  RedisServer server;
  auto client = ConnectedClient(server);
  auto store = MakeStore(client, "failover");
  const std::uint64_t to_local = Transitions("local");
  const std::uint64_t to_redis = Transitions("redis");
  ASSERT_TRUE(Take(*store, "auth:k", kThreePerHour).allowed);  // 2 left in Redis

  server.Kill();
  // Local limits start full: three more requests pass, the fourth is refused, each fast.
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(Take(*store, "auth:k", kThreePerHour).allowed) << i;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  }
  EXPECT_FALSE(Take(*store, "auth:k", kThreePerHour).allowed);
  EXPECT_TRUE(store->Degraded());
  EXPECT_EQ(Transitions("local"), to_local + 1);

  server.Restart();  // an empty Redis: the bucket is full there
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!client->Connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_TRUE(client->Connected());
  const auto shared = Take(*store, "auth:k", kThreePerHour);
  EXPECT_TRUE(shared.allowed);
  EXPECT_EQ(shared.remaining, 2u);
  EXPECT_FALSE(store->Degraded());
  EXPECT_EQ(Transitions("redis"), to_redis + 1);
}

TEST(RedisRateLimitStore, APausedServerIsDecidedLocallyWithinTheDeadline) {
  RedisServer server;
  auto store = MakeStore(ConnectedClient(server), "paused");
  server.Pause();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(Take(*store, "auth:p", kThreePerHour).allowed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);  // deadline 250 ms, not forever
  EXPECT_TRUE(store->Degraded());
  server.Resume();
}

}  // namespace
}  // namespace rampart::infrastructure::redis
