#pragma once
#include <string_view>

namespace rampart::api {

// `components.schemas` of the OpenAPI document (JSON Schema 2020-12, as OpenAPI 3.1 uses).
std::string_view OpenApiSchemasJson();
// Those of service accounts, API keys and the OAuth token endpoint (credential_schemas.cpp).
std::string_view OpenApiCredentialSchemasJson();

}  // namespace rampart::api
