#include "api/openapi/schemas.hpp"

namespace rampart::api {

std::string_view OpenApiIdentitySchemasJson() {
  return R"json({
  "User": {
    "type": "object",
    "required": ["id", "email", "displayName", "emailVerified", "locked", "roles", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "email": {"type": "string", "format": "email"},
      "displayName": {"type": "string"},
      "emailVerified": {"type": "boolean"},
      "locked": {"type": "boolean"},
      "roles": {"type": "array", "items": {"type": "string"}},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "TokenPair": {
    "type": "object",
    "required": ["accessToken", "refreshToken", "tokenType", "expiresIn"],
    "properties": {
      "accessToken": {"type": "string", "description": "ES256-signed JWT."},
      "refreshToken": {"type": "string", "description": "Opaque, single use."},
      "tokenType": {"type": "string", "const": "Bearer"},
      "expiresIn": {"type": "integer", "description": "Seconds until the access token expires."}
    }
  },
  "RegisterRequest": {
    "type": "object",
    "required": ["email", "password", "displayName"],
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "password": {"type": "string", "minLength": 12, "maxLength": 128},
      "displayName": {"type": "string", "minLength": 1, "maxLength": 100}
    }
  },
  "LoginRequest": {
    "type": "object",
    "required": ["email", "password"],
    "properties": {"email": {"type": "string"}, "password": {"type": "string"}}
  },
  "LoginResponse": {
    "description": "The token pair, or (for an account with two-factor sign-in on) the challenge of the second step.",
    "oneOf": [{"$ref": "#/components/schemas/TokenPair"}, {"$ref": "#/components/schemas/SecondFactorChallenge"}]
  },
  "SecondFactorChallenge": {
    "type": "object",
    "required": ["mfaRequired", "challenge", "methods", "expiresIn"],
    "properties": {
      "mfaRequired": {"type": "boolean", "const": true},
      "challenge": {"type": "string", "description": "Opaque, single use: send it to POST /api/v1/auth/login/mfa."},
      "methods": {"type": "array", "items": {"type": "string", "enum": ["totp", "recovery_code"]}},
      "expiresIn": {"type": "integer", "description": "Seconds until the challenge expires."}
    }
  },
  "LoginSecondFactorRequest": {
    "type": "object",
    "required": ["challenge"],
    "description": "Exactly one of `code` and `recoveryCode`.",
    "properties": {
      "challenge": {"type": "string"},
      "code": {"type": "string", "pattern": "^[0-9]{6}$", "description": "The authenticator's current code."},
      "recoveryCode": {"type": "string", "description": "One of the recovery codes (each works once)."}
    }
  },
  "MfaStatus": {
    "type": "object",
    "required": ["totpEnabled", "enrolmentPending", "recoveryCodesLeft"],
    "properties": {
      "totpEnabled": {"type": "boolean"},
      "totpEnabledAt": {"type": "string", "format": "date-time"},
      "enrolmentPending": {"type": "boolean", "description": "A secret awaits its confirmation."},
      "recoveryCodesLeft": {"type": "integer", "minimum": 0}
    }
  },
  "TotpEnrolment": {
    "type": "object",
    "required": ["secret", "otpauthUri", "qrSvg"],
    "properties": {
      "secret": {"type": "string", "description": "Base32, 160 bits; shown once."},
      "otpauthUri": {"type": "string", "description": "otpauth://totp/<issuer>:<e-mail>?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30"},
      "qrSvg": {"type": "string", "description": "The URI as a QR code, an SVG document."}
    }
  },
  "TotpCodeRequest": {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string", "pattern": "^[0-9]{6}$"}}
  },
  "DisableTotpRequest": {
    "type": "object",
    "required": ["password"],
    "description": "The password and exactly one of `code` and `recoveryCode`.",
    "properties": {
      "password": {"type": "string"},
      "code": {"type": "string", "pattern": "^[0-9]{6}$"},
      "recoveryCode": {"type": "string"}
    }
  },
  "RecoveryCodes": {
    "type": "object",
    "required": ["recoveryCodes"],
    "properties": {"recoveryCodes": {"type": "array", "minItems": 10, "maxItems": 10,
      "items": {"type": "string", "pattern": "^[a-z2-7]{4}(-[a-z2-7]{4}){3}$"},
      "description": "Shown once; each works once in place of a code."}}
  },
  "VerifyEmailRequest": {
    "type": "object",
    "required": ["token"],
    "properties": {"token": {"type": "string", "description": "The token= parameter of the mailed link."}}
  },
  "ForgotPasswordRequest": {
    "type": "object",
    "required": ["email"],
    "properties": {"email": {"type": "string"}}
  },
  "ResetPasswordRequest": {
    "type": "object",
    "required": ["token", "newPassword"],
    "properties": {
      "token": {"type": "string", "description": "The token= parameter of the mailed link."},
      "newPassword": {"type": "string", "minLength": 12, "maxLength": 128}
    }
  },
  "RefreshRequest": {
    "type": "object",
    "required": ["refreshToken"],
    "properties": {"refreshToken": {"type": "string"}}
  },
  "UpdateMeRequest": {
    "type": "object",
    "properties": {"displayName": {"type": "string", "minLength": 1, "maxLength": 100}}
  },
  "ChangePasswordRequest": {
    "type": "object",
    "required": ["currentPassword", "newPassword"],
    "properties": {
      "currentPassword": {"type": "string"},
      "newPassword": {"type": "string", "minLength": 12, "maxLength": 128}
    }
  },
  "Jwks": {
    "type": "object",
    "required": ["keys"],
    "properties": {"keys": {"type": "array", "items": {"type": "object",
      "required": ["kty", "kid"],
      "properties": {"kty": {"type": "string"}, "crv": {"type": "string"}, "x": {"type": "string"},
        "y": {"type": "string"}, "kid": {"type": "string"}, "use": {"type": "string"}, "alg": {"type": "string"}}}}}
  },
  "Discovery": {
    "type": "object",
    "description": "OpenID Connect Discovery 1.0 metadata, limited to what rampart supports.",
    "required": ["issuer", "jwks_uri", "subject_types_supported", "response_types_supported", "token_endpoint", "grant_types_supported", "token_endpoint_auth_methods_supported", "access_token_signing_alg_values_supported"],
    "properties": {"issuer": {"type": "string", "description": "The `iss` claim of every access token."},
      "jwks_uri": {"type": "string", "description": "Where the public keys are (JWKS)."},
      "subject_types_supported": {"type": "array", "items": {"type": "string"}, "description": "`public`: `sub` is the user or service-account id for every audience."},
      "response_types_supported": {"type": "array", "items": {"type": "string"}, "description": "Empty: there is no authorization endpoint."},
      "token_endpoint": {"type": "string", "description": "`<issuer>/oauth/token`: the client credentials grant."},
      "grant_types_supported": {"type": "array", "items": {"type": "string"}, "description": "`client_credentials` only."},
      "token_endpoint_auth_methods_supported": {"type": "array", "items": {"type": "string"}, "description": "`client_secret_basic`, `client_secret_post`."},
      "access_token_signing_alg_values_supported": {"type": "array", "items": {"type": "string"}, "description": "The algorithms of the published signing keys (`ES256`, `EdDSA`), the active key's first; a rampart field, not OpenID metadata."}}
  },
  "Session": {
    "type": "object",
    "required": ["id", "createdAt", "lastUsedAt", "ip", "userAgent", "current"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "createdAt": {"type": "string", "format": "date-time"},
      "lastUsedAt": {"type": "string", "format": "date-time"},
      "ip": {"type": "string"},
      "userAgent": {"type": "string"},
      "current": {"type": "boolean", "description": "The session of the token that asked."}
    }
  },
  "SessionList": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}},
  "UserPage": {
    "type": "object",
    "required": ["items", "page", "pageSize", "total"],
    "properties": {
      "items": {"type": "array", "items": {"$ref": "#/components/schemas/User"}},
      "page": {"type": "integer", "minimum": 1},
      "pageSize": {"type": "integer", "minimum": 1, "maximum": 100},
      "total": {"type": "integer", "minimum": 0}
    }
  },
  "CreateUserRequest": {
    "type": "object",
    "required": ["email", "password", "displayName"],
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "password": {"type": "string", "minLength": 12, "maxLength": 128},
      "displayName": {"type": "string", "minLength": 1, "maxLength": 100},
      "roles": {"type": "array", "items": {"type": "string"}, "description": "Default [\"user\"]; others need roles.manage."},
      "emailVerified": {"type": "boolean", "default": false}
    }
  },
  "UpdateUserRequest": {
    "type": "object",
    "properties": {
      "email": {"type": "string", "format": "email", "maxLength": 254},
      "displayName": {"type": "string", "minLength": 1, "maxLength": 100},
      "emailVerified": {"type": "boolean"}
    }
  },
  "SetUserRolesRequest": {
    "type": "object",
    "required": ["roles"],
    "properties": {"roles": {"type": "array", "items": {"type": "string"}}}
  },
  "Role": {
    "type": "object",
    "required": ["id", "name", "description", "permissions", "builtIn"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "name": {"type": "string"},
      "description": {"type": "string"},
      "permissions": {"type": "array", "items": {"type": "string"}},
      "builtIn": {"type": "boolean"}
    }
  },
  "RoleList": {"type": "array", "items": {"$ref": "#/components/schemas/Role"}},
  "Permission": {
    "type": "object",
    "required": ["name", "description"],
    "properties": {"name": {"type": "string"}, "description": {"type": "string"}}
  },
  "PermissionList": {"type": "array", "items": {"$ref": "#/components/schemas/Permission"}},
  "CreateRoleRequest": {
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string", "pattern": "^[a-z][a-z0-9._-]{0,63}$"},
      "description": {"type": "string", "maxLength": 500},
      "permissions": {"type": "array", "items": {"type": "string"}}
    }
  },
  "UpdateRoleRequest": {
    "type": "object",
    "properties": {
      "name": {"type": "string", "pattern": "^[a-z][a-z0-9._-]{0,63}$"},
      "description": {"type": "string", "maxLength": 500}
    }
  },
  "SetRolePermissionsRequest": {
    "type": "object",
    "required": ["permissions"],
    "properties": {"permissions": {"type": "array", "items": {"type": "string"}}}
  }
})json";
}

}  // namespace rampart::api
