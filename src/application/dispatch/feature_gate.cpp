#include "application/dispatch/feature_gate.hpp"

#include "application/features/feature_flags.hpp"

namespace rampart::application {

bool FeatureEnabled(const Services& services, domain::Feature feature) {
  if (services.features == nullptr) return domain::InfoOf(feature).default_value;
  return services.features->Enabled(feature);
}

}  // namespace rampart::application
