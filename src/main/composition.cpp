#include "main/composition.hpp"

#include <stdexcept>
#include <thread>

#include "application/api_keys/api_key_authenticator.hpp"
#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
#include "application/cache/instrumented_cache.hpp"
#include "application/cache/invalidating_unit_of_work.hpp"
#include "application/ports/dependency_unavailable.hpp"
#include "common/log.hpp"
#include "infrastructure/cache/memory/memory_cache.hpp"
#include "infrastructure/cache/memory/verified_token_cache.hpp"
#include "infrastructure/cache/redis/redis_cache.hpp"
#include "infrastructure/cache/redis/redis_client.hpp"
#include "infrastructure/cache/redis/redis_url.hpp"
#include "infrastructure/persistence/postgres/pg_database.hpp"
#include "infrastructure/persistence/sqlite/query.hpp"
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"
#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"
#include "infrastructure/rate_limit_redis/redis_rate_limit_store.hpp"
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_directory.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"
#include "main/api_key_usage_flusher.hpp"
#include "main/audit_retention.hpp"
#include "main/messaging_runtime.hpp"

namespace rampart {

using namespace infrastructure;

namespace {

postgres::PgOptions PostgresOptions(const config::Settings& s) {
  postgres::PgOptions options;
  options.pool.connect = {.url = s.database_url,
                          .connect_timeout = s.database_connect_timeout,
                          .statement_timeout = s.database_statement_timeout,
                          .observer = nullptr};
  options.pool.min_size = s.database_pool_min_size;
  options.pool.max_size = s.database_pool_max_size;
  options.pool.acquire_timeout = s.database_acquire_timeout;
  options.pool.max_lifetime = s.database_max_lifetime;
  options.pool.idle_timeout = s.database_idle_timeout;
  options.pool.breaker = {.failure_threshold = s.database_breaker_failures,
                          .open_for = s.database_breaker_open_for};
  // The server cancels a statement at statement_timeout; the client gives it a second more.
  options.call_timeout = s.database_statement_timeout.count() > 0
                             ? s.database_statement_timeout + std::chrono::seconds(1)
                             : std::chrono::milliseconds(std::chrono::hours(1));
  options.slow_query_threshold = s.slow_query_threshold;
  // Statement names are a fixed set of constants: a bounded label.
  auto& durations = telemetry::Metrics().Histogram(
      "rampart.db.query.duration", "PostgreSQL statement durations by statement name.", "s",
      {"statement"});
  options.query_observer = [&durations](std::string_view statement,
                                        std::chrono::nanoseconds duration) {
    durations.With({statement}).Record(std::chrono::duration<double>(duration).count());
  };
  return options;
}

// The pool's state, read at each metrics collection.
std::vector<telemetry::CallbackHandle> RegisterPoolMetrics(const postgres::PgDatabase& database) {
  using telemetry::MetricType;
  auto& metrics = telemetry::Metrics();
  std::vector<telemetry::CallbackHandle> handles;
  const auto gauge = [&](const char* name, const char* description, const char* unit,
                         MetricType type, auto read) {
    handles.push_back(metrics.AddCallback(
        {name, description, unit, type, {}},
        [&database, read](telemetry::Observer& out) { out.Observe(read(database.Stats())); }));
  };
  gauge("rampart.db.pool.in_use", "PostgreSQL connections leased to a unit of work.",
        "{connection}", MetricType::kGauge,
        [](const postgres::PoolStats& s) { return double(s.in_use); });
  gauge("rampart.db.pool.idle", "PostgreSQL connections open and free.", "{connection}",
        MetricType::kGauge, [](const postgres::PoolStats& s) { return double(s.idle); });
  gauge("rampart.db.pool.waiting", "Callers waiting for a free PostgreSQL connection.", "{caller}",
        MetricType::kGauge, [](const postgres::PoolStats& s) { return double(s.waiting); });
  gauge("rampart.db.pool.connect_failures", "Failed PostgreSQL connects since start.", "{connect}",
        MetricType::kCounter,
        [](const postgres::PoolStats& s) { return double(s.connect_failures); });
  gauge("rampart.db.circuit_open",
        "1 while the PostgreSQL circuit breaker is open (requests fail fast with 503).", "1",
        MetricType::kGauge, [](const postgres::PoolStats& s) {
          return s.breaker == resilience::CircuitBreaker::State::kOpen ? 1.0 : 0.0;
        });
  return handles;
}

// How long `serve` and `migrate` keep trying to reach PostgreSQL before giving up (a database
// that starts alongside the service, as in Compose, is usually a few seconds behind).
constexpr std::chrono::seconds kStartupPatience{30};

// The Redis connection when redis.url is set (shared by the cache and the rate limits), else
// null. It connects in the background: the service starts (and serves from the database and
// local limits) whether or not Redis is up yet.
std::shared_ptr<redis::RedisClient> MakeRedisClient(const config::Settings& settings) {
  if (settings.redis_url.empty()) return nullptr;
  auto endpoint = redis::ParseRedisUrl(settings.redis_url);
  if (!endpoint) throw std::runtime_error("redis.url " + endpoint.error());
  log::Info("main", "redis",
            {{"host", endpoint->host}, {"port", endpoint->port}, {"tls", endpoint->tls}});
  return std::make_shared<redis::RedisClient>(
      redis::RedisClientOptions{.endpoint = std::move(*endpoint),
                                .connect_timeout = settings.redis_connect_timeout,
                                .command_timeout = settings.redis_command_timeout,
                                .tls_ca_file = settings.redis_tls_ca_file.string()});
}

// Redis when configured, else the in-process LRU.
std::unique_ptr<application::Cache> MakeCache(const config::Settings& settings,
                                              std::shared_ptr<redis::RedisClient> client) {
  if (!client) {
    return std::make_unique<MemoryCache>(
        MemoryCacheOptions{.max_entries = settings.cache_max_entries});
  }
  return std::make_unique<redis::RedisCache>(std::move(client));
}

// Shared through Redis when configured (and rate_limit.shared), else in process only.
std::unique_ptr<application::RateLimitStore> MakeRateLimits(
    const config::Settings& settings, std::shared_ptr<redis::RedisClient> client) {
  auto local = std::make_unique<MemoryRateLimitStore>(
      MemoryRateLimitStoreOptions{.max_keys = settings.rate_limit_max_keys});
  if (!client || !settings.rate_limit_shared) return local;
  log::Info("main", "rate limits: shared through redis");
  return std::make_unique<redis::RedisRateLimitStore>(std::move(client), settings.env,
                                                      std::move(local));
}

}  // namespace

Composition::Composition(const config::Settings& settings) : settings_(settings) {
  if (settings.database_is_sqlite) {
    sqlite::SetSlowQueryThreshold(settings.slow_query_threshold);
    database_ = std::make_shared<sqlite::SqliteDatabase>(sqlite::SqliteOptions{
        .path = settings.sqlite_path, .pool_size = settings.worker_threads + 1});
    units_of_work_ = std::make_unique<sqlite::SqliteUnitOfWorkFactory>(database_);
  } else {
    auto postgres = std::make_unique<postgres::PgDatabase>(PostgresOptions(settings));
    postgres_ = postgres.get();
    units_of_work_ = std::move(postgres);
    database_metrics_ = RegisterPoolMetrics(*postgres_);
  }
  hasher_ = std::make_unique<Argon2PasswordHasher>(settings.argon2_memory_kib,
                                                   settings.argon2_iterations);
  clock_ = std::make_unique<SystemClock>();
  random_ = std::make_unique<SodiumSecureRandom>();
  emails_ = std::make_unique<infrastructure::UnicodeEmailNormaliser>();
  keys_ = std::make_shared<const KeyRing>(settings.signing_key_file.empty()
                                              ? LoadOrCreateKeyRing(settings.keys_dir)
                                              : KeyRing::FromPemFile(settings.signing_key_file));
  tokens_ = std::make_unique<JwtTokenService>(keys_,
                                              JwtOptions{.issuer = settings.issuer,
                                                         .audience = settings.audience,
                                                         .access_ttl = settings.access_token_ttl},
                                              *clock_, *random_);
  if (settings.cache_verified_tokens > 0) {
    verified_tokens_ =
        std::make_unique<VerifiedTokenCache>(*tokens_, *clock_, settings.cache_verified_tokens);
  }
  redis_ = MakeRedisClient(settings);
  const std::shared_ptr<redis::RedisClient>& redis = redis_;
  // Spans and hit/miss counters around whichever backend serves.
  cache_ = std::make_unique<application::InstrumentedCache>(MakeCache(settings, redis),
                                                            redis ? "redis" : "memory");
  if (settings.cache_enabled) {
    identity_cache_ = std::make_unique<application::IdentityCache>(
        *cache_, application::CacheKeys(settings.env),
        application::CacheTtls{.user = settings.cache_user_ttl,
                               .session = settings.cache_session_ttl,
                               .permissions = settings.cache_permissions_ttl});
    // Every write through the application invalidates what it changes.
    invalidating_units_of_work_ = std::make_unique<application::InvalidatingUnitOfWorkFactory>(
        *units_of_work_, *identity_cache_);
  }
  services_ = std::make_unique<application::Services>(application::Services{
      .database = invalidating_units_of_work_ ? *invalidating_units_of_work_ : *units_of_work_,
      .hasher = *hasher_,
      .tokens = verified_tokens_ ? *verified_tokens_ : *tokens_,
      .clock = *clock_,
      .random = *random_,
      .settings = {.refresh_idle_ttl = settings.refresh_idle_ttl,
                   .session_max_lifetime = settings.session_max_lifetime,
                   .password_policy = {.min_length = settings.password_min_length,
                                       .max_length = settings.password_max_length,
                                       .reject_common = settings.password_reject_common},
                   .lockout = {.max_failures = settings.lockout_max_failures,
                               .base_lock = settings.lockout_base_duration,
                               .max_lock = settings.lockout_max_duration,
                               .reset_after = settings.lockout_reset_after},
                   .mail = {.public_base_url = settings.mail_public_base_url,
                            .verify_email_ttl = settings.mail_verify_email_ttl,
                            .reset_password_ttl = settings.mail_reset_password_ttl}},
      .identity_cache = identity_cache_.get(),
      .emails = emails_.get()});
  rate_limits_ = MakeRateLimits(settings, redis);
  if (identity_cache_) {
    access_check_ =
        std::make_unique<application::CachedAccessTokenCheck>(*services_, *identity_cache_);
  } else {
    access_check_ = std::make_unique<application::DatabaseAccessTokenCheck>(*services_);
  }
  dispatcher_ = std::make_unique<application::Dispatcher>(*services_, *access_check_);
  // Keys verified once are remembered like verified access tokens (cache.verified_tokens).
  api_keys_ = std::make_unique<application::ApiKeyAuthenticator>(
      services_->database, *random_, *clock_, settings.cache_verified_tokens);
}

Composition::~Composition() {
  StopApiKeyUsage();
  StopMessaging();
}

void Composition::StartApiKeyUsage() {
  if (api_key_usage_) return;
  api_key_usage_ = std::make_unique<ApiKeyUsageFlusher>(api_keys_->Usage(), *units_of_work_,
                                                        settings_.api_keys_usage_flush_interval);
  api_key_usage_->Start();
}

void Composition::StopApiKeyUsage() {
  if (api_key_usage_) api_key_usage_->Stop();
}

void Composition::StartMessaging() {
  if (messaging_) return;
  messaging_ = std::make_unique<MessagingRuntime>(settings_, *units_of_work_, *clock_, *random_);
  messaging_->Start();
}

void Composition::StartAuditRetention() {
  if (audit_retention_) return;
  audit_retention_ = std::make_unique<AuditRetention>(settings_, *units_of_work_, *clock_);
  audit_retention_->Start();
}

std::function<void()> Composition::QueuePing() {
  if (!messaging_) return nullptr;
  return [runtime = messaging_.get()] { runtime->Ping(); };
}

void Composition::StopMessaging() {
  if (messaging_) messaging_->Stop();
}

int Composition::Migrate() {
  if (postgres_ == nullptr) return static_cast<int>(database_->Migrate().size());
  resilience::Backoff backoff({.initial = std::chrono::milliseconds(200),
                               .max = std::chrono::milliseconds(3000),
                               .multiplier = 2.0});
  const auto give_up = std::chrono::steady_clock::now() + kStartupPatience;
  while (true) {
    try {
      return static_cast<int>(postgres_->Migrate().size());
    } catch (const application::DependencyUnavailable& error) {
      if (std::chrono::steady_clock::now() >= give_up) throw;
      const auto delay = backoff.Next();
      log::Warn("db", "PostgreSQL not reachable yet; retrying",
                {{"error", error.what()}, {"retryInMs", delay.count()}});
      std::this_thread::sleep_for(delay);
    }
  }
}

}  // namespace rampart
