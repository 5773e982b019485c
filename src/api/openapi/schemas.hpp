#pragma once
#include <string_view>

namespace rampart::api {

// OpenApiSchemasJson is `components.schemas` of the OpenAPI document (JSON Schema 2020-12, as
// OpenAPI 3.1 uses), as JSON text.
std::string_view OpenApiSchemasJson();
// OpenApiCredentialSchemasJson are the schemas of service accounts, API keys and the OAuth token
// endpoint (credential_schemas.cpp), which BuildOpenApiDocument merges into the same object.
std::string_view OpenApiCredentialSchemasJson();

}  // namespace rampart::api
