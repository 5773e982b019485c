#pragma once
// The OpenAPI 3.1 document, generated from the endpoint declarations so that routes, required
// permissions and documentation cannot drift apart.
#include <string>
#include <vector>

#include "api/http/http.hpp"

namespace rampart::api {

// OpenApiInfo is the document's `info` object.
struct OpenApiInfo {
  std::string title = "rampart";
  std::string version;
  std::string description;
};

// BuildOpenApiDocument is the document describing `endpoints`, as JSON text: their operations
// (with the 401/403 lines their access implies), the schemas and the security schemes. Throws
// std::invalid_argument for a declaration error: an operationId that is not camelCase or is
// used twice, or body fields a binder reads that disagree with the request schema.
std::string BuildOpenApiDocument(const std::vector<Endpoint>& endpoints, const OpenApiInfo& info);

}  // namespace rampart::api
