#pragma once
// The example's settings, all from environment variables (RESOURCE_SERVER_*, plus the AWS
// SDKs' own AWS_* variables for SQS). README.md lists them.
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace resource_server {

struct Settings {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8081;
  // The token issuer (a rampart instance): the `iss` its tokens carry, exactly.
  std::string issuer;
  // Where its keys are; empty: <issuer>/.well-known/jwks.json.
  std::string jwks_url;
  std::string audience = "rampart";  // rampart's auth.audience
  std::chrono::seconds clock_skew{30};
  std::chrono::seconds jwks_refresh{300};
  std::chrono::seconds jwks_min_refetch{30};
  // The SQS queue rampart publishes its events to (RAMPART_EVENTS_QUEUE_URL); empty: no
  // consumer.
  std::string events_queue_url;
  std::chrono::seconds queue_wait_time{10};  // SQS long polling
  std::size_t recent_events = 50;            // how many events GET /events/recent keeps
  std::string log_level = "info";
};

// Lookup returns an environment variable, or nullopt when it is unset.
using Lookup = std::function<std::optional<std::string>(const std::string&)>;

// LoadSettings reads RESOURCE_SERVER_* through `lookup`; an error naming the variable when one
// is malformed or RESOURCE_SERVER_ISSUER is missing.
std::expected<Settings, std::string> LoadSettings(const Lookup& lookup);

// FromProcess looks variables up in this process's environment.
std::optional<std::string> FromProcess(const std::string& name);

}  // namespace resource_server
