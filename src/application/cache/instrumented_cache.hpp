#pragma once
// A Cache decorator that makes the cache visible: a client span per blocking call ("cache get",
// "cache set", "cache fill" (a fill's ticket), "cache delete", "cache delete_prefix"; their time
// also lands in the request's slow-request breakdown as `cacheMs`), hits and misses per entity
// (`rampart.cache.lookups{entity, result}`) for every lookup including the non-blocking
// GetAsync of a request's cache-first read, and the duration of each blocking operation
// (`rampart.cache.operation.duration{operation}`).
//
// GetAsync gets no span: its completion may run later on the backend's thread, outside the
// request's trace scope, and it is the hot path a span would make measurably slower.
// The entity is the `<entity>` segment of the key (`rampart:<env>:<entity>:<id>:v<n>`,
// cache_keys.hpp); keys of another shape count as "other".
#include <array>
#include <memory>
#include <string_view>

#include "application/ports/cache.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::application {

class InstrumentedCache final : public Cache {
 public:
  // InstrumentedCache: `system` names the backend in spans (`db.system.name`, e.g. "memory").
  InstrumentedCache(std::unique_ptr<Cache> inner, std::string_view system);

  std::optional<std::string> Get(std::string_view key) override;
  void Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) override;
  void Remove(std::string_view key) override;
  void RemoveByPrefix(std::string_view prefix) override;
  FillTicket BeginFill(std::string_view key, std::chrono::milliseconds ttl) override;
  // FinishFill returns "cache set", with `rampart.cache.stored` (false: an invalidation ended the
  // ticket).
  bool FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                  std::chrono::milliseconds ttl) override;
  void GetAsync(std::vector<std::string> keys, GetCompletion done) override;
  CacheHealth Health() override { return inner_->Health(); }

  Cache& Inner() { return *inner_; }

 private:
  struct EntitySeries {
    std::string_view entity;
    telemetry::Counter* hits;
    telemetry::Counter* misses;
  };
  static constexpr std::array<std::string_view, 4> kEntities = {"user", "session", "permissions",
                                                                "other"};
  const EntitySeries& SeriesFor(std::string_view key) const;
  void CountLookup(std::string_view key, bool hit) const;

  std::unique_ptr<Cache> inner_;
  std::string_view system_;
  std::array<EntitySeries, kEntities.size()> series_;
  telemetry::Histogram& get_duration_;
  telemetry::Histogram& set_duration_;
  telemetry::Histogram& remove_duration_;
};

// CacheKeyEntity returns the `<entity>` segment of a cache key, or "" when the key has another
// shape.
std::string_view CacheKeyEntity(std::string_view key);

}  // namespace rampart::application
