#pragma once
// The endpoint guard: every endpoint that is not public answers 401/403 before its handler
// reads the request — from the caller's *current* permissions in the database, not from the
// (up to one access-token lifetime old) `perm` claim. The bearer-auth middleware has verified
// the token itself by then.
#include <vector>

#include "api/http/http.hpp"
#include "application/dispatch/dispatcher.hpp"

namespace rampart::application {
class ApiKeyAuthenticator;
}

namespace rampart::api {

// RequirementOf is the application requirement an endpoint declares (kPublic, kAuthenticated
// or kPermission).
application::Requirement RequirementOf(const Endpoint& endpoint);

// GuardEndpoints wraps the handler of every non-public endpoint with the guard; such endpoints
// run on the worker pool (the guard reads the database). On success the handler finds
// Request::actor set. With `api_keys`, an API key the middleware left unverified
// (Request::api_key) is verified first, and every request an API key authorised is noted for
// its last use.
void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher,
                    application::ApiKeyAuthenticator* api_keys = nullptr);

}  // namespace rampart::api
