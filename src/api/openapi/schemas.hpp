#pragma once
#include <string_view>

namespace rampart::api {

// `components.schemas` of the OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1 uses).
std::string_view OpenApiSchemasJson();

}  // namespace rampart::api
