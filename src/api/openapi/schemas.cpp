#include "api/openapi/schemas.hpp"

namespace rampart::api {

std::string_view OpenApiSchemasJson() {
  return R"json({
  "Problem": {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
      "type": {"type": "string", "examples": ["/problems/validation"]},
      "title": {"type": "string"},
      "status": {"type": "integer"},
      "detail": {"type": "string"},
      "instance": {"type": "string"},
      "traceId": {"type": "string", "description": "The request's correlation id (X-Correlation-Id)."},
      "errors": {"type": "array", "maxItems": 50, "description": "422 only: the invalid fields (at most 50).",
        "items": {"type": "object", "required": ["field", "message"],
        "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
      "errorsOmitted": {"type": "integer", "description": "422 only, when present: how many more field errors there were than `errors` lists."}
    }
  },
  "Health": {
    "type": "object",
    "required": ["status"],
    "properties": {
      "status": {"type": "string", "enum": ["up", "degraded", "down"]},
      "checks": {"type": "object", "additionalProperties": {"type": "object",
        "properties": {"status": {"type": "string", "enum": ["up", "degraded", "down"]},
          "latencyMs": {"type": "number"}, "detail": {"type": "string"}}}}
    }
  },
  "HealthDetails": {
    "type": "object",
    "required": ["status", "version", "checks"],
    "properties": {
      "status": {"type": "string", "enum": ["up", "degraded", "down"]},
      "version": {"type": "string"},
      "commit": {"type": "string"},
      "environment": {"type": "string"},
      "startedAt": {"type": "string", "format": "date-time"},
      "uptimeSeconds": {"type": "number"},
      "checks": {"$ref": "#/components/schemas/Health/properties/checks"},
      "secrets": {"type": "array", "description": "The Secrets Manager secrets the configuration reads (settings given as aws-sm:<secret>); absent when none.",
        "items": {"type": "object", "required": ["id", "versionId", "ageSeconds", "stale"], "properties": {
          "id": {"type": "string"}, "versionId": {"type": "string"},
          "ageSeconds": {"type": "number", "description": "Since the value in use was read; above secrets.ttl while refreshes fail."},
          "stale": {"type": "boolean", "description": "The last refresh failed: the last good value is in use."},
          "lastError": {"type": "string"}}}},
      "database": {"type": "object", "properties": {
)json"
// rampart:begin(postgres)
// rampart:begin(sqlite)
R"json(        "adapter": {"type": "string", "enum": ["sqlite", "postgresql"]},
)json"
// rampart:else
// R"json(        "adapter": {"type": "string", "enum": ["postgresql"]},
// )json"
// rampart:end
// rampart:else
// R"json(        "adapter": {"type": "string", "enum": ["sqlite"]},
// )json"
// rampart:end
R"json(        "pool": {"type": "object", "properties": {"inUse": {"type": "integer"},
          "idle": {"type": "integer"}, "waiting": {"type": "integer"}, "max": {"type": "integer"}}},
        "circuitBreaker": {"type": ["string", "null"], "enum": ["closed", "open", "half-open", null]},
        "connectFailures": {"type": "integer"}}},
      "cache": {"type": "object", "properties": {"enabled": {"type": "boolean"},
)json"
// rampart:begin(redis)
R"json(        "kind": {"type": "string", "enum": ["memory", "redis"]},
)json"
// rampart:else
// R"json(        "kind": {"type": "string", "enum": ["memory"]},
// )json"
// rampart:end
R"json(        "circuitBreaker": {"type": ["string", "null"], "enum": ["closed", "open", null]}}},
      "outbox": {"type": "object", "description": "The mails' outbox.",
        "properties": {"depth": {"type": "integer"},
        "oldestAgeSeconds": {"type": "number"}, "dead": {"type": "integer"}}},
      "queue": {"type": "object", "description": "The mail queue.",
        "properties": {"kind": {"type": "string",
)json"
// rampart:begin(sqs)
R"json(          "enum": ["local", "sqs", "sqs-fifo"]},
)json"
// rampart:else
// R"json(          "enum": ["local"]},
// )json"
// rampart:end
R"json(        "depth": {"type": ["integer", "null"]}, "inFlight": {"type": ["integer", "null"]},
        "deadLetters": {"type": ["integer", "null"]},
        "redrivePolicy": {"type": "object", "properties": {"deadLetterQueue": {"type": "string"},
          "maxReceiveCount": {"type": ["integer", "null"]}}},
        "oldestReceivedAgeSeconds": {"type": "number"},
        "circuitBreaker": {"type": "string", "enum": ["closed", "open", "half-open"]}}},
      "events": {"type": "object", "description": "The domain events' outbox and queue.",
        "properties": {
        "outbox": {"$ref": "#/components/schemas/HealthDetails/properties/outbox"},
        "queue": {"$ref": "#/components/schemas/HealthDetails/properties/queue"}}},
      "process": {"type": "object", "properties": {"residentBytes": {"type": "number"},
        "threads": {"type": "number"}, "openFds": {"type": "number"}, "maxFds": {"type": "number"},
        "cpuSeconds": {"type": "number"}}}
    }
  },
  "AuditEvent": {
    "type": "object",
    "required": ["id", "at", "action", "actorId", "targetType", "targetId", "ip", "userAgent", "correlationId", "details"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "at": {"type": "string", "format": "date-time"},
)json"
// rampart:begin(iam)
R"json(      "action": {"type": "string", "examples": ["auth.login.failed"]},
      "actorId": {"type": ["string", "null"], "description": "Who did it; null when anonymous."},
      "targetType": {"type": ["string", "null"], "examples": ["user", "session"]},
)json"
// rampart:else
// R"json(      "action": {"type": "string", "examples": ["note.created"]},
//       "actorId": {"type": ["string", "null"], "description": "Who did it; null when anonymous."},
//       "targetType": {"type": ["string", "null"], "examples": ["note", "feature"]},
// )json"
// rampart:end
R"json(      "targetId": {"type": ["string", "null"]},
      "ip": {"type": "string"},
      "userAgent": {"type": "string"},
      "correlationId": {"type": "string"},
      "details": {"type": "object"}
    }
  },
  "Feature": {
    "type": "object",
    "required": ["name", "type", "value", "source", "description"],
    "properties": {
      "name": {"type": "string", "examples": ["registration.open"]},
      "type": {"type": "string", "enum": ["boolean"]},
      "value": {"type": "boolean"},
      "source": {"type": "string", "description": "default, a configuration file and line, an environment variable or command line", "examples": ["config/rampart.production.toml:52"]},
      "description": {"type": "string"}
    }
  },
  "FeatureList": {
    "type": "object",
    "required": ["items"],
    "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Feature"}}}
  },
  "Note": {
    "type": "object",
    "required": ["id", "title", "body", "ownerId", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "format": "uuid"},
      "title": {"type": "string", "minLength": 1, "maxLength": 200},
      "body": {"type": "string", "maxLength": 10000},
      "ownerId": {"type": "string", "description": "The principal who wrote it (a user or a service account)."},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "NotePage": {
    "type": "object",
    "required": ["items", "page", "pageSize", "total"],
    "properties": {
      "items": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
      "page": {"type": "integer", "minimum": 1},
      "pageSize": {"type": "integer", "minimum": 1, "maximum": 100},
      "total": {"type": "integer", "minimum": 0}
    }
  },
  "CreateNoteRequest": {
    "type": "object",
    "required": ["title"],
    "properties": {
      "title": {"type": "string", "minLength": 1, "maxLength": 200, "description": "Plain text, trimmed of spaces and tabs."},
      "body": {"type": "string", "maxLength": 10000, "default": ""}
    }
  },
  "UpdateNoteRequest": {
    "type": "object",
    "properties": {
      "title": {"type": "string", "minLength": 1, "maxLength": 200},
      "body": {"type": "string", "maxLength": 10000}
    }
  },
  "AuditEventPage": {
    "type": "object",
    "required": ["items", "page", "pageSize", "total"],
    "properties": {
      "items": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEvent"}},
      "page": {"type": "integer", "minimum": 1},
      "pageSize": {"type": "integer", "minimum": 1, "maximum": 100},
      "total": {"type": "integer", "minimum": 0}
    }
  }
})json";
}

}  // namespace rampart::api
