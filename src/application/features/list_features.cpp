#include "application/features/list_features.hpp"

#include "application/features/feature_flags.hpp"

namespace rampart::application {

domain::Result<std::vector<FeatureView>> Handle(const ListFeaturesQuery&, UseCaseContext& context) {
  const std::vector<FeatureValue> values = context.services.features != nullptr
                                               ? context.services.features->Snapshot()
                                               : FeatureFlags().Snapshot();
  std::vector<FeatureView> views;
  for (const auto& value : values) {
    const auto& info = domain::InfoOf(value.feature);
    views.push_back({.name = std::string(info.name),
                     .type = std::string(domain::ToString(info.type)),
                     .value = value.value,
                     .source = value.source,
                     .description = std::string(info.description)});
  }
  return views;
}

}  // namespace rampart::application
