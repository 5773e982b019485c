#include "telemetry/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>
#include <variant>

namespace rampart::telemetry {

Histogram::Histogram(std::shared_ptr<const std::vector<double>> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_->size() + 1)) {}

void Histogram::Record(double value) noexcept {
  const auto& bounds = *bounds_;
  // Prometheus buckets are inclusive upper bounds ("le").
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::BucketCounts() const {
  std::vector<std::uint64_t> counts(bounds_->size() + 1);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    counts[i] = buckets_[i].load(std::memory_order_relaxed);
  }
  return counts;
}

const std::vector<double>& DurationBuckets() {
  static const std::vector<double> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return bounds;
}

struct Registry::Declared {
  MetricInfo info;
  std::shared_ptr<const std::vector<double>> bounds;
  std::variant<std::unique_ptr<CounterFamily>, std::unique_ptr<GaugeFamily>,
               std::unique_ptr<HistogramFamily>>
      family;
};

namespace {

class CollectingObserver final : public Observer {
 public:
  explicit CollectingObserver(std::vector<MetricPoint>& points) : points_(points) {}
  void Observe(double value, std::initializer_list<std::string_view> label_values) override {
    MetricPoint point;
    point.label_values.assign(label_values.begin(), label_values.end());
    point.value = value;
    points_.push_back(std::move(point));
  }

 private:
  std::vector<MetricPoint>& points_;
};

std::int64_t NowUnixNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Registry::Registry() : start_unix_nanos_(NowUnixNanos()) {}
Registry::~Registry() = default;

Registry::Declared& Registry::Declare(MetricInfo info, const std::vector<double>* bounds) {
  std::lock_guard lock(mutex_);
  for (auto& declared : declared_) {
    if (declared->info.name != info.name) continue;
    if (declared->info.type != info.type || declared->info.label_names != info.label_names) {
      throw std::logic_error("metric " + info.name +
                             " declared twice with different types or labels");
    }
    return *declared;
  }
  auto declared = std::make_unique<Declared>();
  declared->info = info;
  switch (info.type) {
    case MetricType::kCounter:
      declared->family = std::make_unique<CounterFamily>(
          std::move(info), [] { return std::make_unique<telemetry::Counter>(); });
      break;
    case MetricType::kGauge:
      declared->family = std::make_unique<GaugeFamily>(
          std::move(info), [] { return std::make_unique<telemetry::Gauge>(); });
      break;
    case MetricType::kHistogram: {
      auto shared = std::make_shared<const std::vector<double>>(*bounds);
      declared->bounds = shared;
      declared->family = std::make_unique<HistogramFamily>(
          std::move(info), [shared] { return std::make_unique<telemetry::Histogram>(shared); });
      break;
    }
  }
  declared_.push_back(std::move(declared));
  return *declared_.back();
}

CounterFamily& Registry::Counter(std::string name, std::string description, std::string unit,
                                 std::vector<std::string> label_names) {
  auto& declared = Declare({std::move(name), std::move(description), std::move(unit),
                            MetricType::kCounter, std::move(label_names)},
                           nullptr);
  return *std::get<std::unique_ptr<CounterFamily>>(declared.family);
}

GaugeFamily& Registry::Gauge(std::string name, std::string description, std::string unit,
                             std::vector<std::string> label_names) {
  auto& declared = Declare({std::move(name), std::move(description), std::move(unit),
                            MetricType::kGauge, std::move(label_names)},
                           nullptr);
  return *std::get<std::unique_ptr<GaugeFamily>>(declared.family);
}

HistogramFamily& Registry::Histogram(std::string name, std::string description, std::string unit,
                                     std::vector<std::string> label_names,
                                     const std::vector<double>& bounds) {
  if (!std::is_sorted(bounds.begin(), bounds.end())) {
    throw std::logic_error("histogram " + name + ": bucket bounds must ascend");
  }
  auto& declared = Declare({std::move(name), std::move(description), std::move(unit),
                            MetricType::kHistogram, std::move(label_names)},
                           &bounds);
  return *std::get<std::unique_ptr<HistogramFamily>>(declared.family);
}

CallbackHandle Registry::AddCallback(MetricInfo info, std::function<void(Observer&)> collect) {
  if (info.type == MetricType::kHistogram) {
    throw std::logic_error("metric " + info.name + ": callbacks report gauges or counters");
  }
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_callback_id_++;
  auto callback = std::make_shared<Callback>();
  callback->id = id;
  callback->info = std::move(info);
  callback->collect = std::move(collect);
  callbacks_.push_back(std::move(callback));
  return CallbackHandle(this, id);
}

void Registry::RemoveCallback(std::uint64_t id) {
  std::shared_ptr<Callback> removed;
  {
    std::lock_guard lock(mutex_);
    for (auto it = callbacks_.begin(); it != callbacks_.end(); ++it) {
      if ((*it)->id != id) continue;
      removed = std::move(*it);
      callbacks_.erase(it);
      break;
    }
  }
  // A collection may be running it right now: what it reads must outlive that run.
  if (removed) {
    std::lock_guard running(removed->running);
    removed->removed = true;
  }
}

std::vector<MetricSnapshot> Registry::Collect() const {
  std::vector<const Declared*> declared;
  std::vector<std::shared_ptr<Callback>> callbacks;
  {
    std::lock_guard lock(mutex_);
    for (const auto& entry : declared_) declared.push_back(entry.get());
    callbacks = callbacks_;
  }
  std::vector<MetricSnapshot> snapshots;
  snapshots.reserve(declared.size() + callbacks.size());
  for (const Declared* entry : declared) {
    MetricSnapshot snapshot{.info = entry->info};
    std::visit(
        [&](const auto& family) {
          family->ForEach([&](const std::vector<std::string>& labels, const auto& series) {
            MetricPoint point{.label_values = labels};
            using SeriesType = std::decay_t<decltype(series)>;
            if constexpr (std::is_same_v<SeriesType, telemetry::Histogram>) {
              point.bucket_counts = series.BucketCounts();
              point.sum = series.Sum();
              point.count = series.Count();
            } else {
              point.value = static_cast<double>(series.Value());
            }
            snapshot.points.push_back(std::move(point));
          });
        },
        entry->family);
    if (entry->bounds) snapshot.bounds = *entry->bounds;
    snapshots.push_back(std::move(snapshot));
  }
  // Callbacks run without the registry lock: one may declare metrics or take its own locks.
  // Several callbacks may report into one metric (e.g. one per database pool).
  for (const auto& callback : callbacks) {
    auto same = std::find_if(snapshots.begin(), snapshots.end(), [&](const MetricSnapshot& s) {
      return s.info.name == callback->info.name;
    });
    if (same == snapshots.end()) {
      snapshots.push_back(MetricSnapshot{.info = callback->info});
      same = std::prev(snapshots.end());
    }
    CollectingObserver observer(same->points);
    std::lock_guard running(callback->running);
    if (!callback->removed) callback->collect(observer);
  }
  return snapshots;
}

CallbackHandle::CallbackHandle(CallbackHandle&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

CallbackHandle& CallbackHandle::operator=(CallbackHandle&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr) registry_->RemoveCallback(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

CallbackHandle::~CallbackHandle() {
  if (registry_ != nullptr) registry_->RemoveCallback(id_);
}

Registry& Metrics() {
  static Registry* registry = new Registry();  // never destroyed: metrics may be updated at exit
  return *registry;
}

}  // namespace rampart::telemetry
