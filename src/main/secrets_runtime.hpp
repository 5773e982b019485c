#pragma once
// Secrets Manager as a configuration source (docs/configuration.md#aws-secrets-manager): the
// resolver of `aws-sm:<secret id or ARN>[#<JSON key>]` values that config::LoadAll calls, and
// the cache behind it, which lives as long as the process: `serve` starts its background
// refresh, the database pool asks it for the rotated password, /health shows its age.
// Nothing of AWS is built until a setting names a secret.
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infrastructure/aws/secret_cache.hpp"
#include "main/config/settings.hpp"

namespace rampart {

class SecretsRuntime {
 public:
  SecretsRuntime();
  ~SecretsRuntime();
  SecretsRuntime(const SecretsRuntime&) = delete;
  SecretsRuntime& operator=(const SecretsRuntime&) = delete;

  // Resolve: config::LoadOptions::secrets: the value `reference` names, read through the cache. The
  // first call builds the client from `settings` (aws.*, outbound.secrets.*,
  // secrets.ttl). The error names the secret, never a value.
  std::expected<std::string, std::string> Resolve(const config::Settings& settings,
                                                  std::string_view reference);

  // Connect builds the client from `settings` when no setting built it yet (a key secret or the
  // flags' source names a secret that no secret setting does); `secret_id` gives the region when it
  // is an ARN. The error says why Secrets Manager cannot be reached (no region, a bad endpoint).
  std::expected<void, std::string> Connect(const config::Settings& settings,
                                           const std::string& secret_id);

  // ReadNow: `secret_id`'s current value read now, through the cache (so its age and failed reads
  // show in /health and the metrics); nullopt when the secret has no value. Needs Connect.
  std::expected<std::optional<std::string>, std::string> ReadNow(const std::string& secret_id);

  struct Version {
    std::string text;  // the secret's value: never logged
    std::string version_id;
  };
  // ReadStage returns the version of `secret_id` labelled `stage` (AWSCURRENT, AWSPREVIOUS), from
  // the service (no cache); nullopt when there is none. Needs Connect.
  std::expected<std::optional<Version>, std::string> ReadStage(const std::string& secret_id,
                                                               std::string_view stage);
  // Write: PutSecretValue of `text` as the new current version, with a fresh UUID as its
  // ClientRequestToken; returns the VersionId. Needs Connect.
  std::expected<std::string, std::string> Write(const std::string& secret_id,
                                                const std::string& text);

  // Peek returns the value `reference` names from what the cache holds now (no fetch: safe under a
  // lock); nullopt when it holds nothing for it.
  std::optional<std::string> Peek(std::string_view reference) const;
  // RequestRefresh asks for `reference`'s secret to be read again at once, in the background (a
  // refused database password). Never blocks.
  void RequestRefresh(std::string_view reference);

  // Start starts the background refresh (serve). Without it, a value older than secrets.ttl is read
  // again by the next Resolve.
  void Start();
  void Stop();

  // Statuses returns what /health shows; empty when no setting names a secret.
  std::vector<infrastructure::aws::SecretStatus> Statuses() const;

 private:
  struct Client;
  std::unique_ptr<Client> client_;  // built by the first Resolve
};

}  // namespace rampart
