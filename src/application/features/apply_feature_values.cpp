#include "application/features/apply_feature_values.hpp"

#include <stdexcept>

#include "application/common/audit.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

domain::Result<std::vector<FeatureChange>> Handle(const ApplyFeatureValuesCommand& command,
                                                  UseCaseContext& context) {
  FeatureFlags* flags = context.services.features;
  if (flags == nullptr) throw std::logic_error("features.apply: the process has no feature flags");
  auto changes = flags->Diff(command.values);
  if (!changes.empty()) {
    context.Begin(TransactionMode::kWrite);
    for (const auto& change : changes) {
      const auto name = domain::InfoOf(change.feature).name;
      context.Audit(domain::audit::kFeatureChanged, "feature", name,
                    "{\"from\":" + std::string(change.from ? "true" : "false") +
                        ",\"to\":" + std::string(change.to ? "true" : "false") +
                        ",\"source\":" + JsonString(change.source) + "}");
    }
    context.Commit();
  }
  flags->Apply(command.values);
  return changes;
}

}  // namespace rampart::application
