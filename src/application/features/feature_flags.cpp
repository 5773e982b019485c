#include "application/features/feature_flags.hpp"

namespace rampart::application {

FeatureFlags::FeatureFlags() {
  for (const auto& info : domain::FeatureCatalogue()) {
    const auto index = static_cast<std::size_t>(info.feature);
    enabled_[index].store(info.default_value, std::memory_order_relaxed);
    sources_[index] = "default";
  }
}

std::vector<FeatureValue> FeatureFlags::Snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<FeatureValue> values;
  for (const auto& info : domain::FeatureCatalogue()) {
    const auto index = static_cast<std::size_t>(info.feature);
    values.push_back({.feature = info.feature,
                      .value = enabled_[index].load(std::memory_order_relaxed),
                      .source = sources_[index]});
  }
  return values;
}

std::vector<FeatureChange> FeatureFlags::Diff(const std::vector<FeatureValue>& values) const {
  std::vector<FeatureChange> changes;
  for (const auto& value : values) {
    const bool current = Enabled(value.feature);
    if (current != value.value) {
      changes.push_back(
          {.feature = value.feature, .from = current, .to = value.value, .source = value.source});
    }
  }
  return changes;
}

void FeatureFlags::Apply(const std::vector<FeatureValue>& values) {
  std::lock_guard lock(mutex_);
  for (const auto& value : values) {
    const auto index = static_cast<std::size_t>(value.feature);
    enabled_[index].store(value.value, std::memory_order_relaxed);
    sources_[index] = value.source;
  }
}

}  // namespace rampart::application
