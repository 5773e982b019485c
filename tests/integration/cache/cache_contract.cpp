#include "integration/cache/cache_contract.hpp"

#include <atomic>
#include <barrier>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rampart::integration {
namespace {

using namespace std::chrono_literals;
using application::Cache;
using application::CacheHealth;

constexpr auto kLong = std::chrono::milliseconds(60s);

// Polls until `key` is gone; false when it is still there after `limit`.
bool GoneWithin(Cache& cache, const std::string& key, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!cache.Get(key)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return !cache.Get(key);
}

Cache::Values GetAsyncAndWait(Cache& cache, std::vector<std::string> keys) {
  std::promise<Cache::Values> promise;
  auto future = promise.get_future();
  cache.GetAsync(std::move(keys),
                 [&promise](Cache::Values values) { promise.set_value(std::move(values)); });
  if (future.wait_for(5s) != std::future_status::ready) {
    ADD_FAILURE() << "GetAsync never completed";
    return {};
  }
  return future.get();
}

TEST_P(CacheContract, MissingKeyIsAMiss) { EXPECT_EQ(cache_->Get(Key("absent")), std::nullopt); }

TEST_P(CacheContract, SetThenGetReturnsTheValueAndSetReplacesIt) {
  cache_->Set(Key("a"), "first", kLong);
  EXPECT_EQ(cache_->Get(Key("a")), "first");
  cache_->Set(Key("a"), "second", kLong);
  EXPECT_EQ(cache_->Get(Key("a")), "second");
}

TEST_P(CacheContract, ValuesAreBinarySafeAndMayBeLarge) {
  const std::string binary("a\0b\r\n$-1\r\n\xff", 12);
  cache_->Set(Key("binary"), binary, kLong);
  EXPECT_EQ(cache_->Get(Key("binary")), binary);

  std::string large(256 * 1024, 'x');
  for (std::size_t i = 0; i < large.size(); i += 97) large[i] = static_cast<char>('a' + i % 26);
  cache_->Set(Key("large"), large, kLong);
  EXPECT_EQ(cache_->Get(Key("large")), large);

  cache_->Set(Key("empty"), "", kLong);
  EXPECT_EQ(cache_->Get(Key("empty")), "");
}

TEST_P(CacheContract, EntriesExpireAfterTheirOwnTtl) {
  cache_->Set(Key("short"), "s", 150ms);
  cache_->Set(Key("long"), "l", kLong);
  EXPECT_TRUE(GoneWithin(*cache_, Key("short"), 5s));
  EXPECT_EQ(cache_->Get(Key("long")), "l");
}

TEST_P(CacheContract, SetRefreshesTheTtl) {
  cache_->Set(Key("k"), "v", 150ms);
  cache_->Set(Key("k"), "v2", kLong);
  std::this_thread::sleep_for(300ms);  // past the first TTL
  EXPECT_EQ(cache_->Get(Key("k")), "v2");
}

TEST_P(CacheContract, RemoveDeletesOneKey) {
  cache_->Set(Key("a"), "1", kLong);
  cache_->Set(Key("b"), "2", kLong);
  cache_->Remove(Key("a"));
  cache_->Remove(Key("never-set"));
  EXPECT_EQ(cache_->Get(Key("a")), std::nullopt);
  EXPECT_EQ(cache_->Get(Key("b")), "2");
}

TEST_P(CacheContract, RemoveByPrefixDeletesOnlyMatchingKeys) {
  for (int i = 0; i < 250; ++i) {
    cache_->Set(Key("perm:" + std::to_string(i)), "p", kLong);
  }
  cache_->Set(Key("user:1"), "u", kLong);
  cache_->Set(Key("per"), "shorter than the prefix", kLong);
  cache_->RemoveByPrefix(Key("perm:"));
  for (int i = 0; i < 250; ++i) {
    ASSERT_EQ(cache_->Get(Key("perm:" + std::to_string(i))), std::nullopt) << i;
  }
  EXPECT_EQ(cache_->Get(Key("user:1")), "u");
  EXPECT_EQ(cache_->Get(Key("per")), "shorter than the prefix");
}

TEST_P(CacheContract, RemoveByPrefixTreatsGlobCharactersLiterally) {
  cache_->Set(Key("a*"), "star", kLong);
  cache_->Set(Key("ab"), "plain", kLong);
  cache_->Set(Key("a?[x]"), "glob", kLong);
  cache_->RemoveByPrefix(Key("a*"));
  cache_->RemoveByPrefix(Key("a?["));
  EXPECT_EQ(cache_->Get(Key("a*")), std::nullopt);
  EXPECT_EQ(cache_->Get(Key("a?[x]")), std::nullopt);
  EXPECT_EQ(cache_->Get(Key("ab")), "plain");
}

TEST_P(CacheContract, GetAsyncAnswersEveryKeyInOrder) {
  cache_->Set(Key("x"), "1", kLong);
  cache_->Set(Key("z"), "3", kLong);
  const auto values = GetAsyncAndWait(*cache_, {Key("x"), Key("y"), Key("z")});
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0], "1");
  EXPECT_EQ(values[1], std::nullopt);
  EXPECT_EQ(values[2], "3");
}

TEST_P(CacheContract, ManyConcurrentAsyncLookupsAllComplete) {
  cache_->Set(Key("hot"), "h", kLong);
  std::atomic<int> hits = 0;
  std::atomic<int> completed = 0;
  std::promise<void> all_done;
  constexpr int kLookups = 2000;
  for (int i = 0; i < kLookups; ++i) {
    cache_->GetAsync({Key("hot")}, [&](Cache::Values values) {
      if (values.size() == 1 && values[0] == "h") ++hits;
      if (++completed == kLookups) all_done.set_value();
    });
  }
  ASSERT_EQ(all_done.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_EQ(hits.load(), kLookups);
}

TEST_P(CacheContract, GetOrCreateCallsTheFactoryOnlyOnAMiss) {
  int calls = 0;
  const auto factory = [&] {
    ++calls;
    return std::optional<std::string>("made");
  };
  EXPECT_EQ(cache_->GetOrCreate(Key("k"), kLong, factory), "made");
  EXPECT_EQ(cache_->GetOrCreate(Key("k"), kLong, factory), "made");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(cache_->Get(Key("k")), "made");
}

TEST_P(CacheContract, GetOrCreateCachesNothingWhenTheFactoryHasNothing) {
  int calls = 0;
  const auto factory = [&] {
    ++calls;
    return std::optional<std::string>();
  };
  EXPECT_EQ(cache_->GetOrCreate(Key("k"), kLong, factory), std::nullopt);
  EXPECT_EQ(cache_->GetOrCreate(Key("k"), kLong, factory), std::nullopt);
  EXPECT_EQ(calls, 2);
}

TEST_P(CacheContract, GetOrCreateRethrowsAndCachesNothingWhenTheFactoryThrows) {
  EXPECT_THROW(cache_->GetOrCreate(Key("k"), kLong,
                                   []() -> std::optional<std::string> {
                                     throw std::runtime_error("database down");
                                   }),
               std::runtime_error);
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);
  EXPECT_EQ(cache_->GetOrCreate(Key("k"), kLong, [] { return std::optional<std::string>("ok"); }),
            "ok");
}

TEST_P(CacheContract, GetOrCreateRunsOneFactoryForConcurrentMissesOfOneKey) {
  constexpr int kThreads = 8;
  std::atomic<int> calls = 0;
  std::barrier start(kThreads);
  std::vector<std::optional<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = cache_->GetOrCreate(Key("hot"), kLong, [&] {
        ++calls;
        std::this_thread::sleep_for(200ms);  // a slow database query
        return std::optional<std::string>("loaded");
      });
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(calls.load(), 1);
  for (const auto& result : results) EXPECT_EQ(result, "loaded");
}

TEST_P(CacheContract, HealthyBackendReportsUp) {
  const CacheHealth health = cache_->Health();
  EXPECT_EQ(health.status, CacheHealth::Status::kUp) << health.detail;
}

}  // namespace
}  // namespace rampart::integration
