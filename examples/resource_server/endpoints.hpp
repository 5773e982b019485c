#pragma once
// The example's routes: what a service that trusts rampart's tokens looks like.
//   GET /health/live    public: 200 while the process serves
//   GET /whoami         a rampart access token: who the caller is and what the token grants
//   GET /events/recent  a rampart access token: the last events read from rampart's queue
#include <vector>

#include "api/http/http.hpp"
#include "recent_events.hpp"

namespace resource_server {

// Endpoints: `events` must outlive them.
std::vector<rampart::api::Endpoint> Endpoints(const RecentEvents& events);

// WhoAmIJson: {"subject","kind","sessionId"|"clientId","roles","permissions","expiresAt"} of a
// verified token's claims.
std::string WhoAmIJson(const rampart::application::AccessClaims& claims);

}  // namespace resource_server
