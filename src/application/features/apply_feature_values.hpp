#pragma once
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "application/features/feature_flags.hpp"

namespace rampart::application {

// ApplyFeatureValuesCommand: a reload read the flags again (SIGHUP, reload.interval): the values
// that changed are recorded as `feature.changed` audit events — committed before the new values
// take effect, so that no flag changes without its trace (when the audit cannot be written, nothing
// changes and the next reload tries again) — then every value is applied. The process itself sends
// it.
struct ApplyFeatureValuesCommand {
  using Response = std::vector<FeatureChange>;
  static constexpr std::string_view kName = "features.apply";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // writes only on a change

  std::vector<FeatureValue> values;
};

// Handle returns the changes applied (empty: none). Throws std::logic_error without
// Services::features.
domain::Result<std::vector<FeatureChange>> Handle(const ApplyFeatureValuesCommand& command,
                                                  UseCaseContext& context);

}  // namespace rampart::application
