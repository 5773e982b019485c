#pragma once
// The composition root: the one place that knows every adapter and wires them to the ports from
// the configuration. Nothing else constructs infrastructure.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "application/common/services.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/ports/rate_limit_store.hpp"
#include "main/config/settings.hpp"
#include "main/database_runtime.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {

class SecretsRuntime;

namespace application {
class Cache;
class FeatureFlags;
class FeatureSource;
// rampart:begin(iam)
class ApiKeyAuthenticator;
class IdentityCache;
class PasswordStrengthEstimator;
// rampart:end
}  // namespace application

class MessagingRuntime;
class AuditRetention;
// rampart:begin(iam)
struct SecondFactorAdapters;
class ApiKeyUsageFlusher;
// rampart:else
// class IssuerTokens;
// rampart:end
namespace api {
struct SystemStatus;
}

namespace infrastructure {
// rampart:begin(iam)
class KeyRing;
class KeyStore;
class KeyManager;
class JwtTokenService;
class VerifiedTokenCache;
// rampart:end
namespace sqlite {  // rampart:only(sqlite)
class SqliteDatabase;  // rampart:only(sqlite)
}  // rampart:only(sqlite)
namespace postgres {  // rampart:only(postgres)
class PgDatabase;  // rampart:only(postgres)
}  // rampart:only(postgres)
namespace redis {  // rampart:only(redis)
class RedisClient;  // rampart:only(redis)
}  // rampart:only(redis)
}  // namespace infrastructure

// Composition: the adapters of one process, alive as long as it runs.
class Composition {
 public:
  // rampart:begin(iam)
  // Composition opens the database (creating it), loads or generates the signing keys. Throws
  // std::runtime_error with a one-line reason when a dependency cannot be set up.
  // rampart:else
  // // Composition opens the database (creating it). Throws std::runtime_error with a one-line
  // // reason when a dependency cannot be set up.
  // rampart:end
  // `secrets`: where the settings given as `aws-sm:` references were read (null: none were);
  // a database password from there rotates without a restart. Outlives the composition.
  explicit Composition(const config::Settings& settings, SecretsRuntime* secrets = nullptr);
  ~Composition();

  // Migrate applies pending migrations; returns how many were applied (none on a newer schema).
  int Migrate();
  // Database returns the database alone: the schema's status, migrations.
  DatabaseRuntime& Database() { return *database_; }
  // InterruptDependencies: for shutdown: calls waiting on the database fail now, later ones at once
  // rampart:begin(sqlite)
  // (PostgreSQL; a SQLite call does not wait on the network). Any thread.
  // rampart:else
  // // (PostgreSQL). Any thread.
  // rampart:end
  void InterruptDependencies();
  application::Services& Services() { return *services_; }
  application::Dispatcher& Dispatcher() { return *dispatcher_; }
  // Tokens verifies the access tokens of the HTTP pipeline's bearer authentication.
  const application::AccessTokenVerifier& Tokens() const;
  // rampart:begin(iam)
  // Keys returns the signing keys in use now (they change at a rotation).
  std::shared_ptr<const infrastructure::KeyRing> Keys() const;
  // ReloadKeys reads the signing keys again (SIGHUP, the reload interval;
  // docs/security.md#signing-keys): picks up a rotation by another process, rotates when the
  // schedule says so, drops retired keys whose grace ended. Never throws: a failure is logged and
  // the current keys stay. Returns when the keys next change by time alone (nullopt: not by time).
  std::optional<std::chrono::system_clock::time_point> ReloadKeys();
  // KeysDeadline: when the keys loaded at start change by time alone (nullopt: not by time).
  std::optional<std::chrono::system_clock::time_point> KeysDeadline() const;
  // rampart:end
  // EnableFeatureReload: `rampart serve` only: from now on ReloadFeatures reads the flags from
  // `source` (the configuration layers again: docs/configuration.md#feature-flags).
  void EnableFeatureReload(std::unique_ptr<application::FeatureSource> source);
  // ReloadFeatures reads the feature flags again; a changed value is recorded (`feature.changed`)
  // and applied. Never throws: a failure is logged and the flags stay as they are.
  void ReloadFeatures();
  const config::Settings& Settings() const { return settings_; }
  // RateLimits returns where rate-limit buckets live (in process, or shared when a shared store is
  // configured).
  application::RateLimitStore& RateLimits() { return *rate_limits_; }
  // rampart:begin(postgres)
  // Postgres returns the PostgreSQL adapter when selected (pool statistics for metrics), else
  // nullptr.
  infrastructure::postgres::PgDatabase* Postgres() const { return database_->Postgres(); }
  // rampart:end
  // Cache returns the cache in use (in process, or shared when configured); null when
  // cache.enabled is false.
  application::Cache* Cache() { return settings_.cache_enabled ? cache_.get() : nullptr; }
  // rampart:begin(iam)
  // IdentityCache returns the identity cache (in process, or shared when configured).
  // Null when cache.enabled is false.
  application::IdentityCache* IdentityCache() { return identity_cache_.get(); }
  // rampart:end
  // rampart:begin(redis)
  // Redis returns the Redis client shared by the cache and the rate limits; null without redis.url.
  const std::shared_ptr<infrastructure::redis::RedisClient>& Redis() const { return redis_; }
  // rampart:end
  // StartMessaging: `rampart serve` only: starts the outbox dispatcher and the embedded queue's
  // mail consumer (docs/messaging.md); StopMessaging() flushes them (call it after the HTTP drain).
  void StartMessaging();
  void StopMessaging();
  // StartAuditRetention: `rampart serve` only: the audit retention job (main/audit_retention.hpp);
  // it stops with the composition.
  void StartAuditRetention();
  // rampart:begin(iam)
  // ApiKeys verifies API keys and collects their last use (docs/security.md#api-keys).
  application::ApiKeyAuthenticator& ApiKeys() { return *api_keys_; }
  // StartApiKeyUsage: `rampart serve` only: writes the API keys' last use every
  // api_keys.usage_flush_interval; StopApiKeyUsage() writes what is left (call it after the HTTP
  // drain).
  void StartApiKeyUsage();
  void StopApiKeyUsage();
  // rampart:else
  // // StartIssuerKeys: `rampart serve` only: reads the issuer's keys, then keeps them fresh.
  // void StartIssuerKeys();
  // rampart:end
  // A round trip to the message queue (throws when it does not answer); null before
  // StartMessaging().
  std::function<void()> QueuePing();
  // Adapters returns which adapter serves each port, as configured (e.g. {"cache", "memory"}),
  // for the start-up log line: the environment shows in them only through its configuration.
  std::vector<std::pair<std::string, std::string>> Adapters() const;
  // SystemStatus returns the operator's view of the adapters and the process for GET /health
  // (main/system_status.cpp).
  api::SystemStatus SystemStatus();

 private:
  config::Settings settings_;
  SecretsRuntime* secrets_ = nullptr;
  std::unique_ptr<DatabaseRuntime> database_;
  std::unique_ptr<application::Clock> clock_;
  std::unique_ptr<application::SecureRandom> random_;
  // rampart:begin(iam)
  std::unique_ptr<application::PasswordHasher> hasher_;
  std::vector<telemetry::CallbackHandle> hasher_metrics_;  // declared after: unregister first
  std::unique_ptr<infrastructure::KeyStore> key_store_;
  std::unique_ptr<infrastructure::KeyManager> key_manager_;
  std::unique_ptr<infrastructure::JwtTokenService> tokens_;
  std::unique_ptr<infrastructure::VerifiedTokenCache> verified_tokens_;
  std::unique_ptr<application::EmailNormaliser> emails_;
  std::unique_ptr<application::PasswordStrengthEstimator> password_strength_;
  // Two-factor sign-in (main/second_factor_wiring.cpp); null without a key for its secrets.
  std::unique_ptr<SecondFactorAdapters> second_factor_;
  // rampart:else
  // std::unique_ptr<IssuerTokens> issuer_tokens_;
  // rampart:end
  std::shared_ptr<infrastructure::redis::RedisClient> redis_;  // when redis.url is set  // rampart:only(redis)
  std::unique_ptr<application::Cache> cache_;
  // rampart:begin(iam)
  std::unique_ptr<application::IdentityCache> identity_cache_;
  std::unique_ptr<application::UnitOfWorkFactory> invalidating_units_of_work_;
  // rampart:end
  std::unique_ptr<application::FeatureFlags> features_;
  std::unique_ptr<application::FeatureSource> feature_source_;  // set by EnableFeatureReload
  std::string last_feature_error_;  // the reload thread's last failure to read the flags
  std::unique_ptr<application::Services> services_;
  std::unique_ptr<application::RateLimitStore> rate_limits_;
  std::unique_ptr<application::AccessTokenCheck> access_check_;
  std::unique_ptr<application::Dispatcher> dispatcher_;
  // rampart:begin(iam)
  std::unique_ptr<application::ApiKeyAuthenticator> api_keys_;
  std::unique_ptr<ApiKeyUsageFlusher> api_key_usage_;
  // rampart:end
  std::unique_ptr<MessagingRuntime> messaging_;
  std::unique_ptr<AuditRetention> audit_retention_;  // last: stops first
};

}  // namespace rampart
