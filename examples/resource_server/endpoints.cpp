#include "endpoints.hpp"

#include <boost/json.hpp>

#include "domain/time.hpp"

namespace resource_server {

namespace api = rampart::api;
namespace json = boost::json;

namespace {

json::array Strings(const std::vector<std::string>& items) {
  return json::array(items.begin(), items.end());
}

}  // namespace

std::string WhoAmIJson(const rampart::application::AccessClaims& claims) {
  const bool service_account = claims.kind == rampart::domain::PrincipalKind::kServiceAccount;
  json::object body{
      {"subject", claims.subject},
      {"kind", service_account ? "service_account" : "user"},
      {"roles", Strings(claims.roles)},
      // As old as the token: authorise a sensitive action on the issuer's current state (its
      // events, or its API), not on these alone.
      {"permissions", Strings(claims.permissions)},
      {"expiresAt", claims.expires_at.time_since_epoch().count()},
  };
  if (service_account) {
    body["clientId"] = claims.client_id;
  } else {
    body["sessionId"] = claims.session_id;
  }
  return json::serialize(body);
}

std::vector<api::Endpoint> Endpoints(const RecentEvents& events) {
  std::vector<api::Endpoint> endpoints;
  endpoints.push_back(
      {.method = api::Method::kGet,
       .route = "/health/live",
       .execution = api::Execution::kInline,
       .handler = [](api::Request&) { return api::Response::Json(200, R"({"status":"ok"})"); }});
  // kAuthenticated: the pipeline's bearer authentication verified the token (JwksTokenVerifier)
  // before the handler runs, and answered 401 problem+json otherwise.
  endpoints.push_back({.method = api::Method::kGet,
                       .route = "/whoami",
                       .access = api::Access::kAuthenticated,
                       .execution = api::Execution::kInline,
                       .handler = [](api::Request& request) {
                         return api::Response::Json(200, WhoAmIJson(*request.principal));
                       }});
  endpoints.push_back(
      {.method = api::Method::kGet,
       .route = "/events/recent",
       .access = api::Access::kAuthenticated,
       .execution = api::Execution::kInline,
       .handler = [&events](api::Request&) { return api::Response::Json(200, events.Json()); }});
  return endpoints;
}

}  // namespace resource_server
