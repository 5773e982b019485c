#include "api/openapi/schemas.hpp"

namespace rampart::api {

std::string_view OpenApiCredentialSchemasJson() {
  return R"json({
  "ServiceAccount": {
    "type": "object",
    "required": ["id", "name", "description", "clientId", "roles", "disabled", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "format": "uuid", "description": "The `sub` of its access tokens."},
      "name": {"type": "string", "pattern": "^[a-z][a-z0-9._-]{0,63}$"},
      "description": {"type": "string"},
      "clientId": {"type": "string", "pattern": "^rpsa_[0-9A-Za-z]{20}$"},
      "roles": {"type": "array", "items": {"type": "string"}},
      "disabled": {"type": "boolean"},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "ServiceAccountList": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceAccount"}},
  "ServiceAccountWithSecret": {
    "allOf": [{"$ref": "#/components/schemas/ServiceAccount"},
      {"type": "object", "required": ["clientSecret"],
       "properties": {"clientSecret": {"type": "string", "pattern": "^rpcs_[0-9A-Za-z]{46}$",
         "description": "Shown this once; only its SHA-256 is kept."}}}]
  },
  "CreateServiceAccountRequest": {
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string", "pattern": "^[a-z][a-z0-9._-]{0,63}$"},
      "description": {"type": "string", "maxLength": 500},
      "roles": {"type": "array", "items": {"type": "string"}}
    }
  },
  "UpdateServiceAccountRequest": {
    "type": "object",
    "properties": {
      "name": {"type": "string", "pattern": "^[a-z][a-z0-9._-]{0,63}$"},
      "description": {"type": "string", "maxLength": 500},
      "roles": {"type": "array", "items": {"type": "string"}},
      "disabled": {"type": "boolean"}
    }
  },
  "ApiKey": {
    "type": "object",
    "required": ["id", "name", "prefix", "ownerType", "ownerId", "permissions", "expiresAt", "createdAt", "revokedAt", "lastUsedAt", "lastUsedIp", "active"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "name": {"type": "string"},
      "prefix": {"type": "string", "description": "`rp_<public id>`: the start of the key, to recognise it."},
      "ownerType": {"type": "string", "enum": ["user", "service_account"]},
      "ownerId": {"type": "string", "format": "uuid"},
      "permissions": {"type": ["array", "null"], "items": {"type": "string"}, "description": "null: every permission of the owner."},
      "expiresAt": {"type": ["string", "null"], "format": "date-time"},
      "createdAt": {"type": "string", "format": "date-time"},
      "revokedAt": {"type": ["string", "null"], "format": "date-time"},
      "lastUsedAt": {"type": ["string", "null"], "format": "date-time"},
      "lastUsedIp": {"type": ["string", "null"]},
      "active": {"type": "boolean", "description": "Neither revoked nor expired."}
    }
  },
  "ApiKeyList": {"type": "array", "items": {"$ref": "#/components/schemas/ApiKey"}},
  "CreatedApiKey": {
    "allOf": [{"$ref": "#/components/schemas/ApiKey"},
      {"type": "object", "required": ["key"],
       "properties": {"key": {"type": "string", "pattern": "^rp_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$",
         "description": "Shown this once; only its SHA-256 is kept."}}}]
  },
  "CreateApiKeyRequest": {
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string", "minLength": 1, "maxLength": 100},
      "expiresAt": {"type": "string", "format": "date-time"},
      "permissions": {"type": "array", "items": {"type": "string"}}
    }
  },
  "ClientCredentialsRequest": {
    "type": "object",
    "required": ["grant_type"],
    "properties": {
      "grant_type": {"type": "string", "const": "client_credentials"},
      "scope": {"type": "string", "description": "Space-separated permission names the account holds."},
      "client_id": {"type": "string", "description": "With client_secret_post."},
      "client_secret": {"type": "string", "description": "With client_secret_post."}
    }
  },
  "OAuthToken": {
    "type": "object",
    "required": ["access_token", "token_type", "expires_in"],
    "properties": {
      "access_token": {"type": "string", "description": "ES256-signed JWT (RFC 9068 at+jwt)."},
      "token_type": {"type": "string", "const": "Bearer"},
      "expires_in": {"type": "integer"},
      "scope": {"type": "string", "description": "The granted scope, when one was asked for."}
    }
  },
  "OAuthError": {
    "type": "object",
    "required": ["error"],
    "properties": {
      "error": {"type": "string", "enum": ["invalid_request", "invalid_client", "invalid_scope", "unsupported_grant_type"]},
      "error_description": {"type": "string"}
    }
  }
})json";
}

}  // namespace rampart::api
