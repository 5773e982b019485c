#pragma once
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"
#include "domain/permission.hpp"

namespace rampart::application {

// FeatureView is one flag as GET /api/v1/features shows it.
struct FeatureView {
  std::string name;
  std::string type;  // "boolean"
  bool value = false;
  std::string source;  // "default", a file and line, a variable, "command line"
  std::string description;
};

// ListFeaturesQuery: GET /api/v1/features — every flag of the catalogue with its value in this
// process and where that value came from.
struct ListFeaturesQuery {
  using Response = std::vector<FeatureView>;
  static constexpr std::string_view kName = "features.list";
  static constexpr Requirement kRequires =
      Requirement::Permission(domain::permissions::kSystemRead);
  static constexpr Transaction kTransaction = Transaction::kOwn;  // reads no table
};

domain::Result<std::vector<FeatureView>> Handle(const ListFeaturesQuery& query,
                                                UseCaseContext& context);

}  // namespace rampart::application
