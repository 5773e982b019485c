#pragma once
// Metrics: counters, gauges and histograms with fixed label names, in one process-wide
// registry that the exporters (Prometheus /metrics, OTLP, DogStatsD) read. Standard library only.
//
// Declare once (a function-local static), use on hot paths:
//
//   static auto& lookups = telemetry::Metrics().Counter(
//       "rampart.cache.lookups", "Cache lookups by result.", "{lookup}", {"cache", "result"});
//   lookups.With({"users", "hit"}).Add();
//
// `With` finds the series under a shared lock; cache its result (`static auto& hits =
// lookups.With({...})`) where even that matters: updating a series is one relaxed atomic.
// Names are OpenTelemetry style (dotted, lower case; units in `unit`, UCUM: "s", "By", "1",
// "{request}"); exporters derive their own spelling (Prometheus: `rampart_cache_lookups_total`).
// Label values must come from small fixed sets (a route template, never a raw path or an id).
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::telemetry {

enum class MetricType { kCounter, kGauge, kHistogram };

// Counter is a monotonic count.
class Counter {
 public:
  void Add(std::uint64_t amount = 1) noexcept {
    value_.fetch_add(amount, std::memory_order_relaxed);
  }
  std::uint64_t Value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// Gauge is a value that goes up and down (in-flight requests, queue depth).
class Gauge {
 public:
  void Add(std::int64_t amount) noexcept { value_.fetch_add(amount, std::memory_order_relaxed); }
  void Set(std::int64_t value) noexcept { value_.store(value, std::memory_order_relaxed); }
  std::int64_t Value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Histogram: counts of observations per bucket (upper bounds, ascending; +Inf implied), their sum
// and count.
class Histogram {
 public:
  explicit Histogram(std::shared_ptr<const std::vector<double>> bounds);
  void Record(double value) noexcept;
  const std::vector<double>& Bounds() const { return *bounds_; }
  // BucketCounts: per bucket (not cumulative), bounds.size() + 1 entries (the last one is +Inf).
  std::vector<std::uint64_t> BucketCounts() const;
  double Sum() const noexcept { return sum_.load(std::memory_order_relaxed); }
  std::uint64_t Count() const noexcept { return count_.load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<const std::vector<double>> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<double> sum_{0};
  std::atomic<std::uint64_t> count_{0};
};

// DurationBuckets: bucket bounds for request and query durations in seconds: 0.5 ms .. 10 s.
const std::vector<double>& DurationBuckets();

// MetricInfo: what every metric declares.
struct MetricInfo {
  std::string name;
  std::string description;
  std::string unit;
  MetricType type = MetricType::kCounter;
  std::vector<std::string> label_names;
};

// MetricPoint is one series of a collected metric.
struct MetricPoint {
  std::vector<std::string> label_values;
  double value = 0;                          // counter and gauge
  std::vector<std::uint64_t> bucket_counts;  // histogram: per bucket, +Inf last
  double sum = 0;                            // histogram
  std::uint64_t count = 0;                   // histogram
};

struct MetricSnapshot {
  MetricInfo info;
  std::vector<double> bounds;  // histogram
  std::vector<MetricPoint> points;
};

// Family is the series of one metric, by label values.
template <class Series>
class Family {
 public:
  Family(MetricInfo info, std::function<std::unique_ptr<Series>()> make)
      : info_(std::move(info)), make_(std::move(make)) {}

  // With returns the series for these label values (as many as label names); created on first use.
  Series& With(std::initializer_list<std::string_view> label_values) {
    return With(std::span<const std::string_view>(label_values.begin(), label_values.size()));
  }
  Series& With(std::span<const std::string_view> label_values);

  const MetricInfo& Info() const { return info_; }
  // ForEach calls `visit(label_values, series)` for every series, under the family's lock.
  template <class Visit>
  void ForEach(Visit&& visit) const {
    std::shared_lock lock(mutex_);
    for (const auto& [key, entry] : series_) visit(entry.label_values, *entry.series);
  }

 private:
  struct Entry {
    std::vector<std::string> label_values;
    std::unique_ptr<Series> series;
  };
  MetricInfo info_;
  std::function<std::unique_ptr<Series>()> make_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Entry, std::less<>> series_;  // key: label values joined by '\x1f'
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Observer reports values measured at collection time (pool sizes, queue depths, process
// statistics).
class Observer {
 public:
  virtual ~Observer() = default;
  virtual void Observe(double value, std::initializer_list<std::string_view> label_values = {}) = 0;
};

class Registry;

// CallbackHandle keeps a collection callback registered; unregisters it on destruction (so a
// callback never outlives what it reads).
class CallbackHandle {
 public:
  CallbackHandle() = default;
  CallbackHandle(Registry* registry, std::uint64_t id) : registry_(registry), id_(id) {}
  CallbackHandle(CallbackHandle&& other) noexcept;
  CallbackHandle& operator=(CallbackHandle&& other) noexcept;
  ~CallbackHandle();

 private:
  Registry* registry_ = nullptr;
  std::uint64_t id_ = 0;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Counter declares (or finds, when already declared with the same type and labels) a metric.
  // Throws std::logic_error when `name` exists with another type or label names.
  CounterFamily& Counter(std::string name, std::string description, std::string unit = "1",
                         std::vector<std::string> label_names = {});
  GaugeFamily& Gauge(std::string name, std::string description, std::string unit = "1",
                     std::vector<std::string> label_names = {});
  HistogramFamily& Histogram(std::string name, std::string description, std::string unit = "s",
                             std::vector<std::string> label_names = {},
                             const std::vector<double>& bounds = DurationBuckets());

  // AddCallback: a metric whose values `collect` reports at each collection (type kGauge or
  // kCounter).
  [[nodiscard]] CallbackHandle AddCallback(MetricInfo info, std::function<void(Observer&)> collect);

  // Collect returns every metric with every series, in declaration order (callbacks last).
  std::vector<MetricSnapshot> Collect() const;

  // StartUnixNanos: when the registry was created: the start of every cumulative series (OTLP).
  std::int64_t StartUnixNanos() const { return start_unix_nanos_; }

 private:
  friend class CallbackHandle;
  struct Declared;
  struct Callback {
    std::uint64_t id = 0;
    MetricInfo info;
    std::function<void(Observer&)> collect;
    std::mutex running;    // held while `collect` runs; removal waits for it
    bool removed = false;  // guarded by `running`
  };
  Declared& Declare(MetricInfo info, const std::vector<double>* bounds);
  void RemoveCallback(std::uint64_t id);

  const std::int64_t start_unix_nanos_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Declared>> declared_;
  std::vector<std::shared_ptr<Callback>> callbacks_;
  std::uint64_t next_callback_id_ = 1;
};

// Metrics returns the process-wide registry.
Registry& Metrics();

template <class Series>
Series& Family<Series>::With(std::span<const std::string_view> label_values) {
  std::string key;
  for (std::size_t i = 0; i < label_values.size(); ++i) {
    if (i > 0) key.push_back('\x1f');
    key.append(label_values[i]);
  }
  {
    std::shared_lock lock(mutex_);
    if (auto found = series_.find(key); found != series_.end()) return *found->second.series;
  }
  std::unique_lock lock(mutex_);
  auto& entry = series_[key];
  if (!entry.series) {
    entry.label_values.assign(label_values.begin(), label_values.end());
    // resize: missing values are empty, extra ones dropped: a mismatch must not crash a request.
    entry.label_values.resize(info_.label_names.size());
    entry.series = make_();
  }
  return *entry.series;
}

}  // namespace rampart::telemetry
