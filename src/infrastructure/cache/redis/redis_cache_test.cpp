#include "infrastructure/cache/redis/redis_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <thread>

#include "infrastructure/redis/redis_test_support.hpp"
#include "integration/cache/cache_contract.hpp"
#include "integration/cache/redis_server.hpp"

namespace rampart::infrastructure::redis {
namespace {

using namespace std::chrono_literals;
using application::CacheHealth;
using integration::RedisServer;
using test_support::Eventually;
using test_support::OptionsFor;

// One server for the contract tests of this process; tests keep apart by key prefix.
RedisServer& SharedServer() {
  static RedisServer server;
  return server;
}

std::shared_ptr<RedisClient> ConnectedClient(RedisClientOptions options) {
  auto client = std::make_shared<RedisClient>(std::move(options));
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!client->Connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  return client;
}

integration::CacheUnderTest MakeRedisCache() {
  static std::atomic<int> next = 0;
  auto client = ConnectedClient(OptionsFor(SharedServer()));
  return {std::make_shared<RedisCache>(client),
          "rampart:test:" + std::to_string(::getpid()) + ":" + std::to_string(next++) + ":"};
}

using integration::CacheContract;
INSTANTIATE_TEST_SUITE_P(Redis, CacheContract,
                         ::testing::Values(integration::ContractCache{"redis", &MakeRedisCache}),
                         integration::ContractCacheName);

TEST(RedisCache, PrefixPatternEscapesGlobCharacters) {
  EXPECT_EQ(PrefixPattern("rampart:dev:perm:"), "rampart:dev:perm:*");
  EXPECT_EQ(PrefixPattern("a*b?[c]\\"), "a\\*b\\?\\[c\\]\\\\*");
}

TEST(RedisCache, AFillsLeaseLivesBesideItsEntryAndGoesWithIt) {
  auto client = ConnectedClient(OptionsFor(SharedServer()));
  RedisCache cache(client);
  const std::string key = "rampart:test:lease:" + std::to_string(::getpid()) + ":user:1:v1";
  EXPECT_EQ(FillKey(key), key + ":fill");

  // A stored fill keeps its (spent) lease exactly as long as the entry.
  ASSERT_TRUE(cache.FinishFill(cache.BeginFill(key, 60s), "v", 60s));
  auto lease_ttl = client->Call({"PTTL", FillKey(key)});
  auto entry_ttl = client->Call({"PTTL", key});
  ASSERT_TRUE(lease_ttl && entry_ttl);
  EXPECT_GT(lease_ttl->integer, 0);
  EXPECT_LE(std::abs(lease_ttl->integer - entry_ttl->integer), 1000);

  // A scan that finds only the lease (here: a prefix only it matches; in production, a scan
  // during which the entry was stored) unlinks the entry with it.
  cache.RemoveByPrefix(key + ":f");
  EXPECT_EQ(cache.Get(key), std::nullopt);
  EXPECT_EQ(client->Call({"EXISTS", FillKey(key)})->integer, 0);

  // Remove unlinks the lease too: a ticket taken before cannot store.
  const auto ticket = cache.BeginFill(key, 60s);
  cache.Remove(key);
  EXPECT_EQ(client->Call({"EXISTS", FillKey(key)})->integer, 0);
  EXPECT_FALSE(cache.FinishFill(ticket, "stale", 60s));
}

TEST(RedisCache, StoresAFillWithEvalWhenRedisHasForgottenTheScript) {
  auto client = ConnectedClient(OptionsFor(SharedServer()));
  RedisCache cache(client);
  const std::string key = "rampart:test:noscript:" + std::to_string(::getpid());
  ASSERT_TRUE(client->Call({"SCRIPT", "FLUSH"}));
  EXPECT_TRUE(cache.FinishFill(cache.BeginFill(key, 60s), "v", 60s));
  EXPECT_EQ(cache.Get(key), "v");
  cache.Remove(key);
}

TEST(RedisCache, NoTicketWhileTheServerIsDown) {
  RedisServer server;
  RedisCache cache(ConnectedClient(OptionsFor(server)));
  server.Kill();
  ASSERT_TRUE(Eventually([&] { return !cache.BeginFill("k", 60s); }));
  EXPECT_FALSE(cache.FinishFill(cache.BeginFill("k", 60s), "v", 60s));
  EXPECT_EQ(cache.GetOrCreate("k", 60s, [] { return std::optional<std::string>("db"); }), "db");
}

TEST(RedisCache, AKilledServerTurnsReadsIntoFastMissesAndHealthIntoDegraded) {
  RedisServer server;
  RedisCache cache(ConnectedClient(OptionsFor(server)));
  cache.Set("k", "v", 60s);
  ASSERT_EQ(cache.Get("k"), "v");

  server.Kill();
  ASSERT_TRUE(Eventually([&] { return !cache.Get("k"); }));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(cache.Get("k"), std::nullopt);
  cache.Set("k", "ignored", 60s);  // a no-op, not an exception
  cache.Remove("k");
  cache.RemoveByPrefix("k");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 200ms);  // fail fast, no timeout each
  const CacheHealth health = cache.Health();
  EXPECT_EQ(health.status, CacheHealth::Status::kDegraded);
  EXPECT_FALSE(health.detail.empty());

  std::promise<application::Cache::Values> answered;
  cache.GetAsync({"k", "j"},
                 [&](application::Cache::Values values) { answered.set_value(std::move(values)); });
  const auto values = answered.get_future().get();
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0], std::nullopt);

  server.Restart();  // an empty server: the cache refills from the database
  ASSERT_TRUE(Eventually([&] { return cache.Health().status == CacheHealth::Status::kUp; }));
  cache.Set("k", "again", 60s);
  EXPECT_EQ(cache.Get("k"), "again");
}

TEST(RedisCache, ASlowServerCostsOneTimeoutThenFailsFastUntilItAnswersAgain) {
  RedisServer server;
  auto options = OptionsFor(server);
  options.command_timeout = 100ms;
  RedisCache cache(ConnectedClient(options));
  cache.Set("k", "v", 60s);

  server.Pause();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(cache.Get("k"), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);  // bounded by the command timeout
  EXPECT_EQ(cache.Health().status, CacheHealth::Status::kDegraded);

  server.Resume();
  ASSERT_TRUE(Eventually([&] { return cache.Get("k") == "v"; }));
}

TEST(RedisCache, AuthenticatesAndSelectsTheDatabaseFromTheUrl) {
  RedisServer server({"--requirepass", "s3cret pass"});
  auto endpoint =
      ParseRedisUrl("redis://:s3cret%20pass@127.0.0.1:" + std::to_string(server.Port()) + "/5");
  ASSERT_TRUE(endpoint) << endpoint.error();
  RedisClientOptions options = OptionsFor(server);
  options.endpoint = *endpoint;
  auto client = ConnectedClient(options);
  ASSERT_TRUE(client->Connected());
  RedisCache cache(client);
  cache.Set("in-db-5", "yes", 60s);
  auto db = client->Call({"CLIENT", "INFO"});
  ASSERT_TRUE(db);
  EXPECT_NE(db->text.find("db=5"), std::string::npos) << db->text;
  auto other = client->Call({"EXISTS", "in-db-5"});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->integer, 1);
}

TEST(RedisCache, AWrongPasswordNeverConnectsAndEveryCallIsAMiss) {
  RedisServer server({"--requirepass", "right"});
  auto options = OptionsFor(server);
  options.endpoint.password = "wrong";
  auto client = std::make_shared<RedisClient>(options);
  RedisCache cache(client);
  std::this_thread::sleep_for(100ms);  // a few connection attempts
  EXPECT_FALSE(client->Connected());
  EXPECT_EQ(cache.Get("k"), std::nullopt);
  EXPECT_EQ(cache.Health().status, CacheHealth::Status::kDegraded);
}

TEST(RedisCache, PipelinesConcurrentCommandsFromManyThreads) {
  auto client = ConnectedClient(OptionsFor(SharedServer()));
  RedisCache cache(client);
  const std::string prefix = "rampart:test:pipeline:" + std::to_string(::getpid()) + ":";
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const std::string key = prefix + std::to_string(t) + ":" + std::to_string(i);
        cache.Set(key, key, 60s);
        if (cache.Get(key) != key) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  cache.RemoveByPrefix(prefix);
}

}  // namespace
}  // namespace rampart::infrastructure::redis
