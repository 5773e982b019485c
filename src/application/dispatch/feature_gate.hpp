#pragma once
// The feature gate behaviour: a use case that a flag switches off declares it,
//
//   static constexpr domain::Feature kFeature = domain::Feature::kRegistrationOpen;
//
// and while the flag is off the dispatcher answers 403 with the flag's `off_detail` before any
// transaction, authorisation or validation (docs/configuration.md#feature-flags).
#include <concepts>

#include "application/common/services.hpp"
#include "domain/errors.hpp"
#include "domain/feature.hpp"

namespace rampart::application {

template <class T>
concept FeatureGated = requires {
  { T::kFeature } -> std::convertible_to<domain::Feature>;
};

// FeatureEnabled returns the flag's value: the process's flags, or the catalogue default without
// any.
bool FeatureEnabled(const Services& services, domain::Feature feature);

template <class T, class Next>
auto FeatureGateBehaviour(const Services& services, Next&& next) -> decltype(next()) {
  if constexpr (FeatureGated<T>) {
    if (!FeatureEnabled(services, T::kFeature)) {
      return domain::Fail(
          domain::Error::Forbidden(std::string(domain::InfoOf(T::kFeature).off_detail)));
    }
  }
  return next();
}

}  // namespace rampart::application
