// The secret cache on a scripted fetch and a hand-moved clock: hits within the TTL, a refresh
// once it passed, the last good value kept (stale, counted) while refreshes fail, a forced
// refetch, change listeners. No thread: RefreshDue runs the background work.
#include "infrastructure/aws/secret_cache.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace rampart::infrastructure::aws {
namespace {

using namespace std::chrono_literals;

struct Harness {
  std::deque<std::expected<SecretCache::Fetched, std::string>> script;
  int fetches = 0;
  SecretCache::Clock::time_point now = SecretCache::Clock::time_point{} + 1h;
  rampart::telemetry::Registry registry;
  SecretCache cache{[this](const std::string&) -> std::expected<SecretCache::Fetched, std::string> {
                      ++fetches;
                      auto next = script.front();
                      if (script.size() > 1) script.pop_front();
                      return next;
                    },
                    {.ttl = 5min, .retry = 10s},
                    registry,
                    [this] { return now; }};

  void Returns(std::string value) {
    script.push_back(SecretCache::Fetched{.secret_string = std::move(value), .version_id = "v"});
  }
  void Fails(std::string error) { script.push_back(std::unexpected(std::move(error))); }
  std::uint64_t Failures() {
    for (const auto& metric : registry.Collect()) {
      if (metric.info.name != "rampart.secrets.refresh_failures") continue;
      std::uint64_t total = 0;
      for (const auto& point : metric.points) total += static_cast<std::uint64_t>(point.value);
      return total;
    }
    return 0;
  }
};

TEST(SecretCache, ServesFromMemoryWithinTheTtl) {
  Harness h;
  h.Returns("one");
  EXPECT_EQ(h.cache.Get("db"), "one");
  h.now += 4min;
  EXPECT_EQ(h.cache.Get("db"), "one");
  h.cache.RefreshDue();
  EXPECT_EQ(h.fetches, 1) << "nothing is due before the TTL";
}

TEST(SecretCache, RefreshesOnceTheTtlPassedAndTellsListeners) {
  Harness h;
  h.Returns("one");
  h.Returns("two");
  std::vector<std::string> changed;
  h.cache.OnChange([&](const std::string& id) { changed.push_back(id); });
  ASSERT_EQ(h.cache.Get("db"), "one");
  h.now += 5min;
  h.cache.RefreshDue();
  EXPECT_EQ(h.fetches, 2);
  EXPECT_EQ(h.cache.Get("db"), "two");
  EXPECT_EQ(changed, std::vector<std::string>{"db"});
  h.now += 5min;
  h.cache.RefreshDue();  // the same value again: no change
  EXPECT_EQ(changed.size(), 1U);
}

TEST(SecretCache, KeepsTheLastGoodValueWhileRefreshesFail) {
  Harness h;
  h.Returns("good");
  h.Fails("Secrets Manager GetSecretValue: no answer");
  ASSERT_EQ(h.cache.Get("db"), "good");
  h.now += 6min;
  h.cache.RefreshDue();
  EXPECT_EQ(h.cache.Get("db"), "good");
  auto statuses = h.cache.Statuses();
  ASSERT_EQ(statuses.size(), 1U);
  EXPECT_TRUE(statuses[0].stale);
  EXPECT_EQ(statuses[0].age, 6min);
  EXPECT_EQ(statuses[0].last_error, "Secrets Manager GetSecretValue: no answer");
  EXPECT_EQ(h.Failures(), 1U);
  h.now += 5s;
  h.cache.RefreshDue();
  EXPECT_EQ(h.fetches, 2) << "the retry comes after SecretCacheOptions::retry, not at once";
  h.now += 5s;
  h.cache.RefreshDue();
  EXPECT_EQ(h.fetches, 3);
  EXPECT_EQ(h.Failures(), 2U);
}

TEST(SecretCache, AFirstReadThatFailsIsAnErrorAndNotCached) {
  Harness h;
  h.Fails("Secrets Manager GetSecretValue: ResourceNotFoundException (400)");
  EXPECT_EQ(h.cache.Get("db").error(),
            "Secrets Manager GetSecretValue: ResourceNotFoundException (400)");
  EXPECT_TRUE(h.cache.Statuses().empty());
}

TEST(SecretCache, ARequestedRefreshFetchesBeforeTheTtl) {
  Harness h;
  h.Returns("old");
  h.Returns("new");
  ASSERT_EQ(h.cache.Get("db"), "old");
  h.cache.RequestRefresh("db");
  h.cache.RefreshDue();
  EXPECT_EQ(h.cache.Get("db"), "new");
  EXPECT_EQ(h.cache.Refresh("db"), false) << "Refresh: unchanged";
}

TEST(SecretCache, TheBackgroundThreadServesARequest) {
  Harness h;
  h.Returns("old");
  h.Returns("new");
  ASSERT_EQ(h.cache.Get("db"), "old");
  std::mutex mutex;
  std::condition_variable changed;
  bool seen = false;
  h.cache.OnChange([&](const std::string&) {
    std::lock_guard lock(mutex);
    seen = true;
    changed.notify_all();
  });
  h.cache.Start();
  h.cache.RequestRefresh("db");
  std::unique_lock lock(mutex);
  changed.wait(lock, [&] { return seen; });
  lock.unlock();
  h.cache.Stop();
  EXPECT_EQ(h.cache.Get("db"), "new");
}

}  // namespace
}  // namespace rampart::infrastructure::aws
