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

  /// config::LoadOptions::secrets: the value `reference` names, read through the cache. The
  /// first call builds the client from `settings` (aws.*, outbound.secrets.*,
  /// secrets.ttl). The error names the secret, never a value.
  std::expected<std::string, std::string> Resolve(const config::Settings& settings,
                                                  std::string_view reference);

  /// The value `reference` names from what the cache holds now (no fetch: safe under a lock);
  /// nullopt when it holds nothing for it.
  std::optional<std::string> Peek(std::string_view reference) const;
  /// Asks for `reference`'s secret to be read again at once, in the background (a refused
  /// database password). Never blocks.
  void RequestRefresh(std::string_view reference);

  /// Starts the background refresh (serve). Without it, a value older than secrets.ttl is read
  /// again by the next Resolve.
  void Start();
  void Stop();

  /// What /health shows; empty when no setting names a secret.
  std::vector<infrastructure::aws::SecretStatus> Statuses() const;

 private:
  struct Client;
  std::unique_ptr<Client> client_;  // built by the first Resolve
};

}  // namespace rampart
