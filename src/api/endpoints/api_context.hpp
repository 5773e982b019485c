#pragma once
#include <functional>
#include <string>
#include <vector>

#include "api/endpoints/system_status.hpp"
#include "application/common/services.hpp"
#include "application/dispatch/dispatcher.hpp"

namespace rampart::application {
class ApiKeyAuthenticator;  // rampart:only(iam)
class Cache;
}  // namespace rampart::application

namespace rampart::api {

// ApiContext is what the endpoint handlers need from the composition root.
struct ApiContext {
  application::Services& services;
  // dispatcher sends every use case; it also holds the access-token check that the endpoint
  // guard runs for every non-public endpoint.
  application::Dispatcher& dispatcher;
  // rampart:begin(iam)
  std::string issuer;                      // e.g. "https://id.example.com"
  std::function<std::string()> jwks_json;  // the published verification keys
  // signing_algorithms are the JWS algorithms of those keys ("ES256", "EdDSA"), the active
  // key's first.
  std::function<std::vector<std::string>()> signing_algorithms;
  // rampart:end
  // version is the build's version (/openapi.json's info.version, GET /health).
  std::string version;
  // metrics_text is the Prometheus exposition of the metrics (GET /metrics); null: no such
  // endpoint.
  std::function<std::string()> metrics_text;
  // metrics_token, when set, is what GET /metrics wants as `Authorization: Bearer
  // <metrics_token>`; empty: public.
  std::string metrics_token;
  // cache is the cache in use, for the readiness checks; null: caching is off (cache.enabled).
  application::Cache* cache = nullptr;
  // queue_ping is a round trip to the message queue for the readiness checks (/health/ready,
  // /health); it throws when the queue does not answer. Null: no queue check.
  std::function<void()> queue_ping;
  // system_status is the operator's view for GET /health (detailed); null: that endpoint
  // reports the readiness checks and the version only.
  std::function<SystemStatus()> system_status;
  // draining is true once shutdown was requested (lame duck, server.drain_delay): GET
  // /health/ready then answers 503 at once, without checking dependencies. Null: never.
  std::function<bool()> draining;
  // rampart:begin(iam)
  // api_keys verifies the API keys the bearer middleware could not (docs/security.md#api-keys)
  // and notes their use; null: API keys are refused like any invalid token.
  application::ApiKeyAuthenticator* api_keys = nullptr;
  // rampart:end
};

}  // namespace rampart::api
