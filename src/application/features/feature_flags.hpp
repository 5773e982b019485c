#pragma once
// The feature flags' values in a running process (docs/configuration.md#feature-flags).
// Enabled() is what the request path calls: one relaxed atomic load, no lock, no allocation.
// Values change only through Apply (start-up, and each reload that saw a change).
#include <array>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "application/ports/feature_source.hpp"
#include "domain/feature.hpp"

namespace rampart::application {

struct FeatureChange {
  domain::Feature feature;
  bool from = false;
  bool to = false;
  std::string source;  // where the new value comes from
};

class FeatureFlags {
 public:
  // FeatureFlags: every flag at its catalogue default.
  FeatureFlags();

  bool Enabled(domain::Feature feature) const noexcept {
    return enabled_[static_cast<std::size_t>(feature)].load(std::memory_order_relaxed);
  }

  // Snapshot returns every flag with its value and source, in catalogue order.
  std::vector<FeatureValue> Snapshot() const;
  // Diff returns the flags whose value `values` would change (a new source alone is no change).
  std::vector<FeatureChange> Diff(const std::vector<FeatureValue>& values) const;
  // Apply takes over `values` (flags it does not name keep theirs).
  void Apply(const std::vector<FeatureValue>& values);

 private:
  std::array<std::atomic<bool>, domain::kFeatureCount> enabled_;
  mutable std::mutex mutex_;  // guards sources_ and serialises Apply
  std::array<std::string, domain::kFeatureCount> sources_;
};

}  // namespace rampart::application
