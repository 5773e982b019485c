#pragma once
#include <string_view>

namespace rampart::api {

// OpenApiSchemasJson is `components.schemas` of the OpenAPI document (JSON Schema 2020-12, as
// OpenAPI 3.1 uses), as JSON text.
std::string_view OpenApiSchemasJson();
// rampart:begin(iam)
// OpenApiIdentitySchemasJson are the schemas of users, roles, sessions, sign-in and the token
// pair (identity_schemas.cpp); OpenApiCredentialSchemasJson those of service accounts, API keys
// and the OAuth token endpoint (credential_schemas.cpp). BuildOpenApiDocument merges them into
// the same object.
std::string_view OpenApiIdentitySchemasJson();
std::string_view OpenApiCredentialSchemasJson();
// rampart:end

}  // namespace rampart::api
