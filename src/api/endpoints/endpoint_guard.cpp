#include "api/endpoints/endpoint_guard.hpp"

#include "api/endpoints/json_io.hpp"
#include "api/server/problem.hpp"

namespace rampart::api {

application::Requirement RequirementOf(const Endpoint& endpoint) {
  switch (endpoint.access) {
    case Access::kPublic:
      return application::Requirement::Public();
    case Access::kAuthenticated:
      return application::Requirement::SignedIn();
    case Access::kPermission:
      return application::Requirement::Permission(endpoint.permission);
  }
  return application::Requirement::System();  // unreachable: refuse rather than allow
}

void GuardEndpoints(std::vector<Endpoint>& endpoints, application::Dispatcher& dispatcher) {
  for (auto& endpoint : endpoints) {
    if (endpoint.access == Access::kPublic) continue;
    endpoint.execution = Execution::kWorker;
    endpoint.handler = [inner = std::move(endpoint.handler), kind = RequirementOf(endpoint).kind,
                        permission = endpoint.permission, &dispatcher](Request& request) {
      auto actor = dispatcher.Authorize({kind, permission}, CallerOf(request));
      if (!actor) {
        Response response = Problem(actor.error(), request);
        // RFC 6750 §3.1: the token was well-formed and signed but is no longer honoured.
        if (response.status == 401) {
          response.SetHeader("WWW-Authenticate", R"(Bearer error="invalid_token")");
        }
        return response;
      }
      if (*actor) request.actor = std::make_shared<const application::Actor>(std::move(**actor));
      return inner(request);
    };
  }
}

}  // namespace rampart::api
