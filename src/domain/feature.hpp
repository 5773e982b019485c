#pragma once
// The feature-flag catalogue, declared here in code like the permission catalogue: each flag's
// name, type, default and description. Values come from the configuration layers
// (`features.<name>`, RAMPART_FEATURES_<NAME>), per environment, and may change while the service
// runs (docs/configuration.md#feature-flags). A use case that a flag switches off declares it
// (`static constexpr domain::Feature kFeature = ...`) and the dispatcher refuses it while off.
#include <cstddef>
#include <span>
#include <string_view>

namespace rampart::domain {

enum class Feature : std::size_t {
  // rampart:begin(iam)
  kRegistrationOpen,  // registration.open
  kPasswordReset,     // auth.password_reset
  // rampart:end
  kDocsUi,  // docs.ui
};
// rampart:begin(iam)
inline constexpr std::size_t kFeatureCount = 3;
// rampart:else
// inline constexpr std::size_t kFeatureCount = 1;
// rampart:end

enum class FeatureType { kBoolean };
std::string_view ToString(FeatureType type);  // "boolean"

struct FeatureInfo {
  Feature feature;
  std::string_view name;  // dotted, lower case: the key is `features.<name>`
  FeatureType type;
  bool default_value;
  std::string_view description;
  // The problem detail of a request that a use case gated by this flag refuses while it is off.
  std::string_view off_detail;
};

// FeatureCatalogue returns every flag, in the order of `Feature`.
std::span<const FeatureInfo> FeatureCatalogue();
const FeatureInfo& InfoOf(Feature feature);
// FindFeature returns the flag with this name, or nullptr.
const FeatureInfo* FindFeature(std::string_view name);

}  // namespace rampart::domain
