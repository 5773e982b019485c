#pragma once
// The composition root: the one place that knows every adapter and wires them to the ports from
// the configuration. Nothing else constructs infrastructure.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "application/common/services.hpp"
#include "application/dispatch/dispatcher.hpp"
#include "application/ports/rate_limit_store.hpp"
#include "main/config/settings.hpp"
#include "main/database_runtime.hpp"
#include "telemetry/metrics.hpp"

namespace rampart {

namespace application {
class ApiKeyAuthenticator;
class Cache;
class IdentityCache;
}  // namespace application

class MessagingRuntime;
class AuditRetention;
class ApiKeyUsageFlusher;
namespace api {
struct SystemStatus;
}

namespace infrastructure {
class KeyRing;
namespace sqlite {
class SqliteDatabase;
}
namespace postgres {
class PgDatabase;
}
namespace redis {
class RedisClient;
}
}  // namespace infrastructure

// The adapters of one process, alive as long as it runs.
class Composition {
 public:
  // Opens the database (creating it), loads or generates the signing keys. Throws
  // std::runtime_error with a one-line reason when a dependency cannot be set up.
  explicit Composition(const config::Settings& settings);
  ~Composition();

  // Applies pending migrations; returns how many were applied (none on a newer schema).
  int Migrate();
  // The database alone: the schema's status, migrations.
  DatabaseRuntime& Database() { return *database_; }
  // For shutdown: calls waiting on the database fail now, later ones at once (PostgreSQL; a
  // SQLite call does not wait on the network). Any thread.
  void InterruptDependencies();
  application::Services& Services() { return *services_; }
  application::Dispatcher& Dispatcher() { return *dispatcher_; }
  const infrastructure::KeyRing& Keys() const { return *keys_; }
  const config::Settings& Settings() const { return settings_; }
  // Where rate-limit buckets live (in process; shared through Redis when configured).
  application::RateLimitStore& RateLimits() { return *rate_limits_; }
  // The PostgreSQL adapter when selected (pool statistics for metrics), else nullptr.
  infrastructure::postgres::PgDatabase* Postgres() const { return database_->Postgres(); }
  /// The identity cache (in-process, or Redis when redis.url is set).
  // Null when cache.enabled is false.
  application::IdentityCache* IdentityCache() { return identity_cache_.get(); }
  // The Redis client shared by the cache and the rate limits; null without redis.url.
  const std::shared_ptr<infrastructure::redis::RedisClient>& Redis() const { return redis_; }
  // `rampart serve` only: starts the outbox dispatcher and the embedded queue's mail consumer
  // (docs/messaging.md); StopMessaging() flushes them (call it after the HTTP drain).
  void StartMessaging();
  void StopMessaging();
  // `rampart serve` only: the audit retention job (main/audit_retention.hpp); it stops with the
  // composition.
  void StartAuditRetention();
  // Verifies API keys and collects their last use (docs/security.md#api-keys).
  application::ApiKeyAuthenticator& ApiKeys() { return *api_keys_; }
  // `rampart serve` only: writes the API keys' last use every api_keys.usage_flush_interval;
  // StopApiKeyUsage() writes what is left (call it after the HTTP drain).
  void StartApiKeyUsage();
  void StopApiKeyUsage();
  // A round trip to the message queue (throws when it does not answer); null before
  // StartMessaging().
  std::function<void()> QueuePing();
  // The operator's view of the adapters and the process for GET /health (main/system_status.cpp).
  api::SystemStatus SystemStatus();

 private:
  config::Settings settings_;
  std::unique_ptr<DatabaseRuntime> database_;
  std::unique_ptr<application::PasswordHasher> hasher_;
  std::vector<telemetry::CallbackHandle> hasher_metrics_;  // declared after: unregister first
  std::unique_ptr<application::Clock> clock_;
  std::unique_ptr<application::SecureRandom> random_;
  std::unique_ptr<application::EmailNormaliser> emails_;
  std::shared_ptr<const infrastructure::KeyRing> keys_;
  std::unique_ptr<application::TokenService> tokens_;
  std::unique_ptr<application::TokenService> verified_tokens_;
  std::shared_ptr<infrastructure::redis::RedisClient> redis_;  // when redis.url is set
  std::unique_ptr<application::Cache> cache_;
  std::unique_ptr<application::IdentityCache> identity_cache_;
  std::unique_ptr<application::UnitOfWorkFactory> invalidating_units_of_work_;
  std::unique_ptr<application::Services> services_;
  std::unique_ptr<application::RateLimitStore> rate_limits_;
  std::unique_ptr<application::AccessTokenCheck> access_check_;
  std::unique_ptr<application::Dispatcher> dispatcher_;
  std::unique_ptr<application::ApiKeyAuthenticator> api_keys_;
  std::unique_ptr<ApiKeyUsageFlusher> api_key_usage_;
  std::unique_ptr<MessagingRuntime> messaging_;
  std::unique_ptr<AuditRetention> audit_retention_;  // last: stops first
};

}  // namespace rampart
