#pragma once
// The OpenAPI 3.1 document, generated from the endpoint declarations so that routes, required
// permissions and documentation cannot drift apart.
#include <string>
#include <vector>

#include "api/http/http.hpp"

namespace rampart::api {

struct OpenApiInfo {
  std::string title = "rampart";
  std::string version;
  std::string description;
};

std::string BuildOpenApiDocument(const std::vector<Endpoint>& endpoints, const OpenApiInfo& info);

}  // namespace rampart::api
