#pragma once
#include <functional>
#include <memory>
#include <string>

#include "application/auth/access_token_check.hpp"
#include "application/common/services.hpp"

namespace rampart::api {

// What the endpoint handlers need from the composition root.
struct ApiContext {
  application::Services& services;
  std::string issuer;                     // e.g. "https://id.example.com"
  std::function<std::string()> jwks_json;  // the published verification keys
  std::string version;
  // Whether a verified access token is still honoured (revocation, token version). Null means
  // the database check; the composition root may pass a cached one.
  std::shared_ptr<application::AccessTokenCheck> access_check;
  /// The Prometheus exposition of the metrics (GET /metrics); null: no such endpoint.
  std::function<std::string()> metrics_text;
  /// When set, GET /metrics wants `Authorization: Bearer <metrics_token>`; empty: public.
  std::string metrics_token;
};

}  // namespace rampart::api
