#pragma once
// The endpoint guard: every endpoint that is not public answers 401/403 before its handler
// reads the request — from the caller's *current* permissions in the database, not from the
// (up to one access-token lifetime old) `perm` claim. The bearer-auth middleware has verified
// the token itself by then.
#include <vector>

#include "api/server/http.hpp"
#include "application/dispatch/dispatcher.hpp"

namespace rampart::api {

// The application requirement an endpoint declares (kPublic, kAuthenticated or kPermission).
application::Requirement RequirementOf(const Endpoint& endpoint);

// Wraps the handler of every non-public endpoint with the guard; such endpoints run on the
// worker pool (the guard reads the database). On success the handler finds Request::actor set.
void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher);

}  // namespace rampart::api
