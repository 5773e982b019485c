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

// --- Fill tickets: a value read before an invalidation never lands after it ----------------

TEST_P(CacheContract, AFillStoresWhenNothingInvalidatedItsKey) {
  const auto ticket = cache_->BeginFill(Key("k"), kLong);
  ASSERT_TRUE(ticket);
  cache_->Remove(Key("another"));
  cache_->RemoveByPrefix(Key("other:"));
  EXPECT_TRUE(cache_->FinishFill(ticket, "loaded", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), "loaded");
}

TEST_P(CacheContract, ARemoveBetweenTicketAndStoreKeepsTheValueOut) {
  const auto ticket = cache_->BeginFill(Key("k"), kLong);
  cache_->Remove(Key("k"));  // a write committed after the fill read
  EXPECT_FALSE(cache_->FinishFill(ticket, "stale", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);
}

TEST_P(CacheContract, ARemoveByPrefixBetweenTicketAndStoreKeepsTheValueOut) {
  const auto inside = cache_->BeginFill(Key("perm:1"), kLong);
  const auto outside = cache_->BeginFill(Key("user:1"), kLong);
  cache_->RemoveByPrefix(Key("perm:"));
  EXPECT_FALSE(cache_->FinishFill(inside, "stale", kLong));
  EXPECT_TRUE(cache_->FinishFill(outside, "fresh", kLong));
  EXPECT_EQ(cache_->Get(Key("perm:1")), std::nullopt);
  EXPECT_EQ(cache_->Get(Key("user:1")), "fresh");
}

TEST_P(CacheContract, AnInvalidationEndsTheTicketOfAKeyAlreadyCached) {
  cache_->Set(Key("k"), "old", kLong);
  const auto ticket = cache_->BeginFill(Key("k"), kLong);
  cache_->Remove(Key("k"));
  EXPECT_FALSE(cache_->FinishFill(ticket, "stale", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);
}

TEST_P(CacheContract, ARemoveByPrefixAfterAStoreRemovesTheFilledEntry) {
  for (int i = 0; i < 50; ++i) {
    const auto key = Key("perm:" + std::to_string(i));
    ASSERT_TRUE(cache_->FinishFill(cache_->BeginFill(key, kLong), "p", kLong)) << i;
  }
  cache_->RemoveByPrefix(Key("perm:"));
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(cache_->Get(Key("perm:" + std::to_string(i))), std::nullopt) << i;
  }
  // The key can be filled again afterwards.
  EXPECT_TRUE(cache_->FinishFill(cache_->BeginFill(Key("perm:1"), kLong), "again", kLong));
  EXPECT_EQ(cache_->Get(Key("perm:1")), "again");
}

TEST_P(CacheContract, OfConcurrentFillsOfOneKeyOnlyTheLatestStores) {
  const auto first = cache_->BeginFill(Key("k"), kLong);
  const auto second = cache_->BeginFill(Key("k"), kLong);
  EXPECT_FALSE(cache_->FinishFill(first, "first", kLong));
  EXPECT_TRUE(cache_->FinishFill(second, "second", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), "second");
  // And a fill that started after an invalidation is not hurt by it.
  const auto before = cache_->BeginFill(Key("k"), kLong);
  cache_->Remove(Key("k"));
  const auto after = cache_->BeginFill(Key("k"), kLong);
  EXPECT_FALSE(cache_->FinishFill(before, "stale", kLong));
  EXPECT_TRUE(cache_->FinishFill(after, "fresh", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), "fresh");
}

TEST_P(CacheContract, ATicketStoresAtMostOnceAndNeverWhenEmptyOrExpired) {
  const auto ticket = cache_->BeginFill(Key("k"), kLong);
  EXPECT_TRUE(cache_->FinishFill(ticket, "v", kLong));
  cache_->Remove(Key("k"));
  EXPECT_FALSE(cache_->FinishFill(ticket, "again", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);

  EXPECT_FALSE(cache_->FinishFill(Cache::FillTicket{}, "no ticket", kLong));
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);

  const auto nothing = cache_->BeginFill(Key("empty"), kLong);
  EXPECT_FALSE(cache_->FinishFill(nothing, std::nullopt, kLong));
  EXPECT_EQ(cache_->Get(Key("empty")), std::nullopt);

  const auto slow = cache_->BeginFill(Key("slow"), 150ms);
  std::this_thread::sleep_for(300ms);  // past the ticket's TTL: the fill took too long
  EXPECT_FALSE(cache_->FinishFill(slow, "late", kLong));
  EXPECT_EQ(cache_->Get(Key("slow")), std::nullopt);
}

TEST_P(CacheContract, GetOrCreateReturnsButDoesNotStoreAValueReadBeforeAnInvalidation) {
  // The factory's read happens, then a write commits and invalidates: the caller gets what it
  // read (it raced the write), the cache keeps nothing.
  EXPECT_EQ(cache_->GetOrCreate(Key("k"), kLong,
                                [&] {
                                  cache_->Remove(Key("k"));
                                  return std::optional<std::string>("stale");
                                }),
            "stale");
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);
  EXPECT_EQ(cache_->GetOrCreate(Key("perm:1"), kLong,
                                [&] {
                                  cache_->RemoveByPrefix(Key("perm:"));
                                  return std::optional<std::string>("stale");
                                }),
            "stale");
  EXPECT_EQ(cache_->Get(Key("perm:1")), std::nullopt);
  // The next caller loads again and stores.
  EXPECT_EQ(
      cache_->GetOrCreate(Key("k"), kLong, [] { return std::optional<std::string>("fresh"); }),
      "fresh");
  EXPECT_EQ(cache_->Get(Key("k")), "fresh");
}

TEST_P(CacheContract, GetOrCreateWaitersReadAgainWhenTheLeadersValueWasInvalidated) {
  // The leader's factory is held until a second caller missed the same key; then the key is
  // invalidated (a write committed) and the leader returns what it read before. The second
  // caller — waiting for the leader or, if it had not joined yet, loading itself — must end up
  // with the value after the write, never the leader's.
  std::promise<void> follower_missed;
  auto missed = follower_missed.get_future();
  std::atomic<bool> leading = false;
  auto leader = std::async(std::launch::async, [&] {
    return cache_->GetOrCreate(Key("k"), kLong, [&] {
      leading = true;
      missed.wait();
      cache_->Remove(Key("k"));
      return std::optional<std::string>("stale");
    });
  });
  while (!leading) std::this_thread::yield();  // the leader's flight exists
  auto follower = std::async(std::launch::async, [&] {
    EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);
    follower_missed.set_value();
    return cache_->GetOrCreate(Key("k"), kLong, [] { return std::optional<std::string>("fresh"); });
  });
  EXPECT_EQ(leader.get(), "stale");
  EXPECT_EQ(follower.get(), "fresh");
  EXPECT_NE(cache_->Get(Key("k")), "stale");
}

TEST_P(CacheContract, HealthyBackendReportsUp) {
  const CacheHealth health = cache_->Health();
  EXPECT_EQ(health.status, CacheHealth::Status::kUp) << health.detail;
}

}  // namespace
}  // namespace rampart::integration
