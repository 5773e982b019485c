#pragma once
// Endpoint groups. Each function returns the declarations (route, access, OpenAPI description
// and handler) of one area; the composition root registers them all.
#include <vector>

#include "api/endpoints/api_context.hpp"
#include "api/http/http.hpp"

namespace rampart::api {

// rampart:begin(iam)
std::vector<Endpoint> AuthEndpoints(ApiContext& context);        // /api/v1/auth/*
std::vector<Endpoint> MeEndpoints(ApiContext& context);          // /api/v1/users/me*
std::vector<Endpoint> MfaEndpoints(ApiContext& context);         // two-factor sign-in
std::vector<Endpoint> SessionEndpoints(ApiContext& context);     // sessions, logout-all
std::vector<Endpoint> UsersEndpoints(ApiContext& context);       // /api/v1/users (admin)
std::vector<Endpoint> RolesEndpoints(ApiContext& context);       // /api/v1/roles, /permissions
// rampart:end
std::vector<Endpoint> AuditEndpoints(ApiContext& context);       // /api/v1/audit-events
std::vector<Endpoint> FeaturesEndpoints(ApiContext& context);    // /api/v1/features
// rampart:begin(iam)
std::vector<Endpoint> ServiceAccountEndpoints(ApiContext& context);  // /api/v1/service-accounts
std::vector<Endpoint> ApiKeyEndpoints(ApiContext& context);          // API keys (own and admin)
// rampart:end
std::vector<Endpoint> NotesEndpoints(ApiContext& context);           // /api/v1/notes (example)
// rampart:begin(iam)
std::vector<Endpoint> OAuthEndpoints(ApiContext& context);           // /oauth/token
std::vector<Endpoint> MailPageEndpoints(ApiContext& context);    // /verify-email, /reset-password
std::vector<Endpoint> WellKnownEndpoints(ApiContext& context);   // /.well-known/*
// rampart:end
std::vector<Endpoint> HealthEndpoints(ApiContext& context);      // /health/*
std::vector<Endpoint> ProblemDocEndpoints();                     // /problems/{slug}
std::vector<Endpoint> MetricsEndpoints(ApiContext& context);     // /metrics
std::vector<Endpoint> DocsEndpoints(const ApiContext& context);  // /docs (Swagger UI)

// AllEndpoints is every endpoint above, guarded (GuardEndpoints), plus `GET /openapi.json`,
// whose document is generated from them all.
std::vector<Endpoint> AllEndpoints(ApiContext& context);

}  // namespace rampart::api
