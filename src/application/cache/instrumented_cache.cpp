#include "application/cache/instrumented_cache.hpp"

#include <chrono>

#include "telemetry/span.hpp"

namespace rampart::application {
namespace {

// Cache operations take microseconds in process and about a millisecond over a network.
const std::vector<double>& CacheBuckets() {
  static const std::vector<double> buckets = {0.00001, 0.00005, 0.0001, 0.00025, 0.0005,
                                              0.001,   0.0025,  0.005,  0.01,    0.025,
                                              0.05,    0.1,     0.25,   0.5,     1.0};
  return buckets;
}

telemetry::HistogramFamily& DurationFamily() {
  return telemetry::Metrics().Histogram("rampart.cache.operation.duration",
                                        "Duration of blocking cache operations.", "s",
                                        {"operation"}, CacheBuckets());
}

double Seconds(std::chrono::nanoseconds elapsed) {
  return std::chrono::duration<double>(elapsed).count();
}

// One blocking cache call: a client span (current while the backend works) and its duration.
class Operation {
 public:
  Operation(std::string_view name, std::string_view system, std::string_view entity,
            telemetry::Histogram& duration)
      : span_(name, telemetry::SpanKind::kClient, telemetry::Work::kCache), duration_(duration) {
    if (span_.Recording()) {
      span_.SetAttribute("db.system.name", system);
      if (!entity.empty()) span_.SetAttribute("rampart.cache.entity", entity);
    }
  }
  ~Operation() { duration_.Record(Seconds(span_.Elapsed())); }
  telemetry::Span& Span() { return span_; }

 private:
  telemetry::Span span_;
  telemetry::Histogram& duration_;
};

}  // namespace

std::string_view CacheKeyEntity(std::string_view key) {
  // rampart:<env>:<entity>:...
  const auto first = key.find(':');
  if (first == std::string_view::npos) return {};
  const auto second = key.find(':', first + 1);
  if (second == std::string_view::npos) return {};
  const auto third = key.find(':', second + 1);
  if (third == std::string_view::npos) return {};
  return key.substr(second + 1, third - second - 1);
}

InstrumentedCache::InstrumentedCache(std::unique_ptr<Cache> inner, std::string_view system)
    : inner_(std::move(inner)),
      system_(system),
      get_duration_(DurationFamily().With({"get"})),
      set_duration_(DurationFamily().With({"set"})),
      remove_duration_(DurationFamily().With({"delete"})) {
  auto& lookups = telemetry::Metrics().Counter("rampart.cache.lookups",
                                               "Cache lookups by entity and result (hit, miss).",
                                               "{lookup}", {"entity", "result"});
  for (std::size_t i = 0; i < kEntities.size(); ++i) {
    series_[i] = {kEntities[i], &lookups.With({kEntities[i], "hit"}),
                  &lookups.With({kEntities[i], "miss"})};
  }
}

const InstrumentedCache::EntitySeries& InstrumentedCache::SeriesFor(std::string_view key) const {
  const auto entity = CacheKeyEntity(key);
  for (std::size_t i = 0; i + 1 < series_.size(); ++i) {
    if (series_[i].entity == entity) return series_[i];
  }
  return series_.back();
}

void InstrumentedCache::CountLookup(std::string_view key, bool hit) const {
  const auto& series = SeriesFor(key);
  (hit ? series.hits : series.misses)->Add();
}

std::optional<std::string> InstrumentedCache::Get(std::string_view key) {
  Operation operation("cache get", system_, CacheKeyEntity(key), get_duration_);
  auto value = inner_->Get(key);
  CountLookup(key, value.has_value());
  if (operation.Span().Recording())
    operation.Span().SetAttribute("rampart.cache.hit", value.has_value());
  return value;
}

void InstrumentedCache::Set(std::string_view key, std::string_view value,
                            std::chrono::milliseconds ttl) {
  Operation operation("cache set", system_, CacheKeyEntity(key), set_duration_);
  inner_->Set(key, value, ttl);
}

void InstrumentedCache::Remove(std::string_view key) {
  Operation operation("cache delete", system_, CacheKeyEntity(key), remove_duration_);
  inner_->Remove(key);
}

void InstrumentedCache::RemoveByPrefix(std::string_view prefix) {
  Operation operation("cache delete_prefix", system_, CacheKeyEntity(prefix), remove_duration_);
  inner_->RemoveByPrefix(prefix);
}

Cache::FillTicket InstrumentedCache::BeginFill(std::string_view key,
                                               std::chrono::milliseconds ttl) {
  Operation operation("cache fill", system_, CacheKeyEntity(key), set_duration_);
  return inner_->BeginFill(key, ttl);
}

bool InstrumentedCache::FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                                   std::chrono::milliseconds ttl) {
  if (!value) return inner_->FinishFill(ticket, value, ttl);  // only ends the ticket
  Operation operation("cache set", system_, CacheKeyEntity(ticket.key), set_duration_);
  const bool stored = inner_->FinishFill(ticket, value, ttl);
  if (operation.Span().Recording()) operation.Span().SetAttribute("rampart.cache.stored", stored);
  return stored;
}

void InstrumentedCache::GetAsync(std::vector<std::string> keys, GetCompletion done) {
  // The keys move into the backend; remember their series (stable addresses) for the count.
  std::array<const EntitySeries*, 4> small{};
  std::vector<const EntitySeries*> many;
  const bool fits = keys.size() <= small.size();
  if (!fits) many.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto* series = &SeriesFor(keys[i]);
    if (fits) {
      small[i] = series;
    } else {
      many.push_back(series);
    }
  }
  inner_->GetAsync(std::move(keys), [small, many = std::move(many), fits,
                                     done = std::move(done)](Values values) mutable {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const EntitySeries* series =
          fits ? (i < small.size() ? small[i] : nullptr) : (i < many.size() ? many[i] : nullptr);
      if (series) (values[i] ? series->hits : series->misses)->Add();
    }
    done(std::move(values));
  });
}

}  // namespace rampart::application
