#pragma once
// rampart:begin(iam)
// The endpoint guard: every endpoint that is not public answers 401/403 before its handler
// reads the request — from the caller's *current* permissions in the database, not from the
// (up to one access-token lifetime old) `perm` claim. The bearer-auth middleware has verified
// the token itself by then.
// rampart:else
// // The endpoint guard: every endpoint that is not public answers 401/403 before its handler
// // reads the request, from the permissions the token's issuer gave it. The bearer-auth
// // middleware has verified the token itself by then.
// rampart:end
#include <vector>

#include "api/http/http.hpp"
#include "application/dispatch/dispatcher.hpp"

// rampart:begin(iam)
namespace rampart::application {
class ApiKeyAuthenticator;
}
// rampart:end

namespace rampart::api {

// RequirementOf is the application requirement an endpoint declares (kPublic, kAuthenticated
// or kPermission).
application::Requirement RequirementOf(const Endpoint& endpoint);

// GuardEndpoints wraps the handler of every non-public endpoint with the guard; such endpoints
// run on the worker pool (the guard may read the database). On success the handler finds
// Request::actor set.
// rampart:begin(iam)
// With `api_keys`, an API key the middleware left unverified (Request::api_key) is verified
// first, and every request an API key authorised is noted for its last use.
void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher,
                    application::ApiKeyAuthenticator* api_keys = nullptr);
// rampart:else
// void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher);
// rampart:end

}  // namespace rampart::api
