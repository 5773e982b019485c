#include "application/cache/instrumented_cache.hpp"

#include <gtest/gtest.h>

#include <map>

#include "telemetry/context.hpp"

namespace rampart::application {
namespace {

// A plain in-process map: enough to see what the decorator counts.
class MapCache final : public Cache {
 public:
  std::optional<std::string> Get(std::string_view key) override {
    auto found = values_.find(std::string(key));
    if (found == values_.end()) return std::nullopt;
    return found->second;
  }
  void Set(std::string_view key, std::string_view value, std::chrono::milliseconds) override {
    values_[std::string(key)] = std::string(value);
  }
  void Remove(std::string_view key) override { values_.erase(std::string(key)); }
  void RemoveByPrefix(std::string_view) override { values_.clear(); }
  FillTicket BeginFill(std::string_view key, std::chrono::milliseconds) override {
    return {std::string(key), 1};
  }
  bool FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                  std::chrono::milliseconds ttl) override {
    if (value) Set(ticket.key, *value, ttl);
    return value.has_value();
  }
  void GetAsync(std::vector<std::string> keys, GetCompletion done) override {
    Values values;
    for (const auto& key : keys) values.push_back(Get(key));
    done(std::move(values));
  }
  CacheHealth Health() override { return {}; }

 private:
  std::map<std::string, std::string> values_;
};

double Lookups(std::string_view entity, std::string_view result) {
  for (const auto& metric : telemetry::Metrics().Collect()) {
    if (metric.info.name != "rampart.cache.lookups") continue;
    for (const auto& point : metric.points) {
      if (point.label_values == std::vector<std::string>{std::string(entity), std::string(result)})
        return point.value;
    }
  }
  return -1;
}

// The sum of rampart.cache.operation.duration{operation} so far, in seconds.
double DurationSum(std::string_view operation) {
  for (const auto& metric : telemetry::Metrics().Collect()) {
    if (metric.info.name != "rampart.cache.operation.duration") continue;
    for (const auto& point : metric.points) {
      if (point.label_values == std::vector<std::string>{std::string(operation)}) return point.sum;
    }
  }
  return 0;
}

// Outside a request no span is current (start-up, background jobs): the duration must still be
// the operation's, not the time since the steady clock's epoch (the host's uptime).
TEST(InstrumentedCache, TimesOperationsOutsideASpanToo) {
  InstrumentedCache cache(std::make_unique<MapCache>(), "memory");
  ASSERT_FALSE(telemetry::Current().HasTrace());
  const double before = DurationSum("delete") + DurationSum("get") + DurationSum("set");
  cache.Set("rampart:t:user:9:v1", "x", std::chrono::seconds(1));
  cache.Get("rampart:t:user:9:v1");
  cache.Remove("rampart:t:user:9:v1");
  cache.RemoveByPrefix("rampart:t:user:");
  const double recorded = DurationSum("delete") + DurationSum("get") + DurationSum("set") - before;
  EXPECT_GE(recorded, 0);
  EXPECT_LT(recorded, 1.0) << "four in-process operations took " << recorded << " s";
}

TEST(InstrumentedCache, TheEntityIsTheThirdKeySegment) {
  EXPECT_EQ(CacheKeyEntity("rampart:dev:user:42:v1"), "user");
  EXPECT_EQ(CacheKeyEntity("rampart:prod:permissions:"), "permissions");
  EXPECT_EQ(CacheKeyEntity("rampart:dev"), "");
  EXPECT_EQ(CacheKeyEntity("plain"), "");
}

TEST(InstrumentedCache, CountsHitsAndMissesPerEntityOnBothLookupPaths) {
  InstrumentedCache cache(std::make_unique<MapCache>(), "memory");
  const double user_hits = Lookups("user", "hit");
  const double user_misses = Lookups("user", "miss");
  const double session_misses = Lookups("session", "miss");
  const double other_misses = Lookups("other", "miss");
  ASSERT_GE(user_hits, 0);

  EXPECT_FALSE(cache.Get("rampart:t:user:1:v1"));
  cache.Set("rampart:t:user:1:v1", "ada", std::chrono::seconds(1));
  EXPECT_EQ(cache.Get("rampart:t:user:1:v1"), "ada");
  EXPECT_FALSE(cache.Get("unshaped"));
  bool called = false;
  cache.GetAsync({"rampart:t:user:1:v1", "rampart:t:session:9:v1"}, [&](Cache::Values values) {
    called = true;
    ASSERT_EQ(values.size(), 2u);
    EXPECT_EQ(values[0], "ada");
    EXPECT_FALSE(values[1]);
  });
  EXPECT_TRUE(called);
  // GetOrCreate goes through the decorator's Get, BeginFill and FinishFill.
  EXPECT_EQ(cache.GetOrCreate("rampart:t:session:9:v1", std::chrono::seconds(1),
                              [] { return std::optional<std::string>("s"); }),
            "s");

  EXPECT_EQ(Lookups("user", "hit") - user_hits, 2);
  EXPECT_EQ(Lookups("user", "miss") - user_misses, 1);
  EXPECT_EQ(Lookups("session", "miss") - session_misses, 2);
  EXPECT_EQ(Lookups("other", "miss") - other_misses, 1);
}

}  // namespace
}  // namespace rampart::application
