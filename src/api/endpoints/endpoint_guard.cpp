#include "api/endpoints/endpoint_guard.hpp"

#include "api/endpoints/json_io.hpp"
#include "api/http/problem.hpp"
#include "application/api_keys/api_key_authenticator.hpp"  // rampart:only(iam)

namespace rampart::api {

application::Requirement RequirementOf(const Endpoint& endpoint) {
  auto requirement = application::Requirement::System();  // unknown access: refuse, not allow
  switch (endpoint.access) {
    case Access::kPublic:
      return application::Requirement::Public();
    case Access::kAuthenticated:
      requirement = application::Requirement::SignedInPrincipal();
      requirement.service_accounts = endpoint.service_accounts;
      break;
    case Access::kPermission:
      requirement = application::Requirement::Permission(endpoint.permission);
      break;
  }
  return endpoint.api_keys ? requirement : requirement.WithoutApiKeys();
}

namespace {

Response Unauthorized(const domain::Error& error, const Request& request) {
  Response response = Problem(error, request);
  // RFC 6750 §3.1: the credential was well-formed but is not (or no longer) honoured.
  if (response.status == 401) {
    response.SetHeader("WWW-Authenticate", R"(Bearer error="invalid_token")");
  }
  return response;
}

}  // namespace

// rampart:begin(iam)
void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher,
                    application::ApiKeyAuthenticator* api_keys) {
// rampart:else
// void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher) {
// rampart:end
  for (auto& endpoint : endpoints) {
    if (endpoint.access == Access::kPublic) continue;
    endpoint.execution = Execution::kWorker;
    // rampart:begin(iam)
    endpoint.handler = [inner = std::move(endpoint.handler), requirement = RequirementOf(endpoint),
                        permission = endpoint.permission, &dispatcher, api_keys](Request& request) {
      // rampart:else
      // endpoint.handler = [inner = std::move(endpoint.handler),
      //                     requirement = RequirementOf(endpoint), permission = endpoint.permission,
      //                     &dispatcher](Request& request) {
      // rampart:end
      // rampart:begin(iam)
      if (!request.principal && !request.api_key.empty() && api_keys != nullptr) {
        auto claims = api_keys->Authenticate(request.api_key);
        if (!claims) {
          return Unauthorized(
              domain::Error::Unauthorized("The API key is invalid, revoked or expired."), request);
        }
        request.principal = std::move(*claims);
      }
      // rampart:end
      auto wanted = requirement;
      wanted.permission = permission;  // the string the endpoint owns, not the moved-from one
      auto actor = dispatcher.Authorize(wanted, CallerOf(request));
      if (!actor) return Unauthorized(actor.error(), request);
      if (*actor) {
        // rampart:begin(iam)
        if (api_keys != nullptr && !(*actor)->api_key_id.empty()) {
          api_keys->Usage().Record((*actor)->api_key_id, dispatcher.services().clock.Now(),
                                   request.client_ip);
        }
        // rampart:end
        request.actor = std::make_shared<const application::Actor>(std::move(**actor));
      }
      return inner(request);
    };
  }
}

}  // namespace rampart::api
