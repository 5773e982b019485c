#include "main/composition.hpp"

#include <stdexcept>
#include <thread>

// rampart:begin(iam)
#include "application/api_keys/api_key_authenticator.hpp"
#include "application/cache/cached_access_token_check.hpp"
#include "application/cache/identity_cache.hpp"
// rampart:end
#include "application/cache/instrumented_cache.hpp"
#include "application/cache/invalidating_unit_of_work.hpp"  // rampart:only(iam)
#include "application/features/apply_feature_values.hpp"
#include "application/features/feature_flags.hpp"
#include "application/ports/dependency_unavailable.hpp"
#include "common/log.hpp"
#include "infrastructure/cache/memory/memory_cache.hpp"
#include "infrastructure/cache/memory/verified_token_cache.hpp"
#include "infrastructure/cache/redis/redis_cache.hpp"  // rampart:only(redis)
#include "infrastructure/persistence/postgres/pg_database.hpp"  // rampart:only(postgres)
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"  // rampart:only(sqlite)
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"  // rampart:only(sqlite)
#include "infrastructure/rate_limit/memory_rate_limit_store.hpp"
#include "infrastructure/rate_limit_redis/redis_rate_limit_store.hpp"  // rampart:only(redis)
#include "infrastructure/redis/redis_client.hpp"  // rampart:only(redis)
#include "infrastructure/redis/redis_url.hpp"  // rampart:only(redis)
// rampart:begin(iam)
#include "infrastructure/security/argon2_password_hasher.hpp"
#include "infrastructure/security/bounded_password_hasher.hpp"
#include "infrastructure/security/jwt_token_service.hpp"
#include "infrastructure/security/key_manager.hpp"
#include "infrastructure/security/key_ring.hpp"
// rampart:end
#include "infrastructure/security/sodium_secure_random.hpp"
#include "infrastructure/security/system_clock.hpp"
#include "infrastructure/sqlite/query.hpp"
// rampart:begin(iam)
#include "infrastructure/unicode/unicode_email_normaliser.hpp"
#include "infrastructure/password_strength/zxcvbn_estimator.hpp"
#include "main/api_key_usage_flusher.hpp"
// rampart:end
#include "main/audit_retention.hpp"
#include "main/config/database_url.hpp"  // rampart:only(postgres)
#include "main/config/feature_settings.hpp"
#include "main/second_factor_wiring.hpp"  // rampart:only(iam)
#include "main/config_feature_source.hpp"
#include "main/issuer_tokens.hpp"
#include "main/messaging_runtime.hpp"
#include "main/secrets_runtime.hpp"
#include "main/signing_keys.hpp"  // rampart:only(iam)

namespace rampart {

using namespace infrastructure;

namespace {

// rampart:begin(iam)
// The password-hashing bulkhead, read at each metrics collection.
std::vector<telemetry::CallbackHandle> RegisterHasherMetrics(const BoundedPasswordHasher& hasher) {
  using telemetry::MetricType;
  auto& metrics = telemetry::Metrics();
  const auto& bulkhead = hasher.bulkhead();
  std::vector<telemetry::CallbackHandle> handles;
  handles.push_back(metrics.AddCallback(
      {"rampart.password_hash.active",
       "Password hashes (Argon2id) being computed now.",
       "{hash}",
       MetricType::kGauge,
       {}},
      [&bulkhead](telemetry::Observer& out) { out.Observe(double(bulkhead.InUse())); }));
  handles.push_back(metrics.AddCallback(
      {"rampart.password_hash.waiting",
       "Requests waiting for a password-hashing slot.",
       "{request}",
       MetricType::kGauge,
       {}},
      [&bulkhead](telemetry::Observer& out) { out.Observe(double(bulkhead.Waiting())); }));
  handles.push_back(metrics.AddCallback(
      {"rampart.password_hash.rejected",
       "Requests refused (503) because no hashing slot came free within argon2.queue_timeout.",
       "{request}",
       MetricType::kCounter,
       {}},
      [&bulkhead](telemetry::Observer& out) { out.Observe(double(bulkhead.Rejected())); }));
  return handles;
}
// rampart:end

// rampart:begin(redis)
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
  if (client) return std::make_unique<redis::RedisCache>(std::move(client));
// rampart:else
// // The in-process LRU.
// std::unique_ptr<application::Cache> MakeCache(const config::Settings& settings) {
// rampart:end
  return std::make_unique<MemoryCache>(
      MemoryCacheOptions{.max_entries = settings.cache_max_entries});
}

// rampart:begin(redis)
// Shared through Redis when configured (and rate_limit.shared), else in process only.
std::unique_ptr<application::RateLimitStore> MakeRateLimits(
    const config::Settings& settings, std::shared_ptr<redis::RedisClient> client) {
// rampart:else
// // In process.
// std::unique_ptr<application::RateLimitStore> MakeRateLimits(const config::Settings& settings) {
// rampart:end
  auto local = std::make_unique<MemoryRateLimitStore>(
      MemoryRateLimitStoreOptions{.max_keys = settings.rate_limit_max_keys});
  // rampart:begin(redis)
  if (!client || !settings.rate_limit_shared) return local;
  log::Info("main", "rate limits: shared through redis");
  return std::make_unique<redis::RedisRateLimitStore>(std::move(client), settings.env,
                                                      std::move(local));
  // rampart:else
  // return local;
  // rampart:end
}

// rampart:begin(postgres)
// A database password read from Secrets Manager (database.password, or database.url holding the
// whole URL): each connect takes the value the cache holds now, and a refused password asks for
// the secret again (the rotation's new AWSCURRENT). Nothing otherwise.
DatabaseCredentials RotatingCredentials(const config::Settings& settings, SecretsRuntime* secrets) {
  // rampart:begin(sqlite)
  if (secrets == nullptr || settings.database_is_sqlite) return {};
  // rampart:else
  // if (secrets == nullptr) return {};
  // rampart:end
  const auto& password = settings.origins.at("database.password").secret;
  const auto& url = settings.origins.at("database.url").secret;
  const std::string reference = !password.empty() ? password : url;
  if (reference.empty()) return {};
  const auto on_refused = [secrets, reference] {
    log::Warn("db",
              "PostgreSQL refused the password; reading its secret again (a rotation in "
              "progress?)",
              {{"secret", reference}});
    secrets->RequestRefresh(reference);
  };
  if (!password.empty()) {
    return {
        .current_url =
            [secrets, reference, url = settings.database_url, loaded = settings.database_password] {
              return config::WithPassword(url, secrets->Peek(reference).value_or(loaded));
            },
        .on_password_refused = on_refused};
  }
  return {.current_url =
              [secrets, reference, loaded = settings.database_url] {
                auto value = secrets->Peek(reference);
                if (!value) return loaded;
                auto url = config::DatabaseUrlFromSecret(*value);
                return url ? *url : loaded;
              },
          .on_password_refused = on_refused};
}
// rampart:end

}  // namespace

Composition::Composition(const config::Settings& settings, SecretsRuntime* secrets)
    : settings_(settings), secrets_(secrets) {
  // rampart:begin(postgres)
  database_ = std::make_unique<DatabaseRuntime>(settings_, RotatingCredentials(settings_, secrets));
  // rampart:else
  // database_ = std::make_unique<DatabaseRuntime>(settings_);
  // rampart:end
  auto& units_of_work = database_->UnitsOfWork();
  clock_ = std::make_unique<SystemClock>();
  random_ = std::make_unique<SodiumSecureRandom>();
  // rampart:begin(iam)
  auto hasher = std::make_unique<BoundedPasswordHasher>(
      std::make_unique<Argon2PasswordHasher>(settings.argon2_memory_kib,
                                             settings.argon2_iterations),
      resilience::QueuedBulkheadOptions{.limit = settings.argon2_max_concurrent,
                                        .max_wait = settings.argon2_queue_timeout});
  hasher_metrics_ = RegisterHasherMetrics(*hasher);
  hasher_ = std::move(hasher);
  emails_ = std::make_unique<infrastructure::UnicodeEmailNormaliser>();
  password_strength_ = std::make_unique<ZxcvbnEstimator>();
  second_factor_ = MakeSecondFactorAdapters(settings);
  key_store_ = MakeKeyStore(settings, secrets);
  key_manager_ = std::make_unique<KeyManager>(*key_store_, KeyPolicyOf(settings), *clock_);
  tokens_ = std::make_unique<JwtTokenService>(key_manager_->Start(),
                                              JwtOptions{.issuer = settings.issuer,
                                                         .audience = settings.audience,
                                                         .access_ttl = settings.access_token_ttl,
                                                         .leeway = settings.clock_skew},
                                              *clock_, *random_);
  if (settings.cache_verified_tokens > 0) {
    verified_tokens_ =
        std::make_unique<VerifiedTokenCache>(*tokens_, *clock_, settings.cache_verified_tokens);
  }
  // rampart:else
  // issuer_tokens_ = std::make_unique<IssuerTokens>(settings, *clock_);
  // rampart:end
  // rampart:begin(redis)
  redis_ = MakeRedisClient(settings);
  const std::shared_ptr<redis::RedisClient>& redis = redis_;
  // Spans and hit/miss counters around whichever backend serves.
  cache_ = std::make_unique<application::InstrumentedCache>(MakeCache(settings, redis),
                                                            redis ? "redis" : "memory");
  // rampart:else
  // // Spans and hit/miss counters around the cache.
  // cache_ = std::make_unique<application::InstrumentedCache>(MakeCache(settings), "memory");
  // rampart:end
  // rampart:begin(iam)
  if (settings.cache_enabled) {
    identity_cache_ = std::make_unique<application::IdentityCache>(
        *cache_, application::CacheKeys(settings.env),
        application::CacheTtls{.user = settings.cache_user_ttl,
                               .session = settings.cache_session_ttl,
                               .permissions = settings.cache_permissions_ttl});
    // Every write through the application invalidates what it changes.
    invalidating_units_of_work_ = std::make_unique<application::InvalidatingUnitOfWorkFactory>(
        units_of_work, *identity_cache_);
  }
  // rampart:end
  // The flags as the configuration (and features.source) set them at start (no audit event:
  // nothing changed). A flags' secret that cannot be read or is refused stops the start.
  features_ = std::make_unique<application::FeatureFlags>();
  auto initial_flags = FeatureValuesOf(settings, secrets);
  if (!initial_flags) throw std::runtime_error(initial_flags.error());
  features_->Apply(*initial_flags);
  services_ = std::make_unique<application::Services>(application::Services{
      // rampart:begin(iam)
      .database = invalidating_units_of_work_ ? *invalidating_units_of_work_ : units_of_work,
      .hasher = *hasher_,
      .tokens =
          verified_tokens_ ? static_cast<application::TokenService&>(*verified_tokens_) : *tokens_,
      // rampart:else
      // .database = units_of_work,
      // rampart:end
      .clock = *clock_,
      .random = *random_,
      // rampart:begin(iam)
      .settings = {.refresh_idle_ttl = settings.refresh_idle_ttl,
                   .session_max_lifetime = settings.session_max_lifetime,
                   .password_policy = {.min_length = settings.password_min_length,
                                       .max_length = settings.password_max_length,
                                       .reject_common = settings.password_reject_common},
                   .password_min_strength = settings.password_min_strength,
                   .password_context_words = {"rampart", settings.service_name},
                   .lockout = {.max_failures = settings.lockout_max_failures,
                               .base_lock = settings.lockout_base_duration,
                               .max_lock = settings.lockout_max_duration,
                               .reset_after = settings.lockout_reset_after},
                   .mail = {.public_base_url = settings.mail_public_base_url,
                            .verify_email_ttl = settings.mail_verify_email_ttl,
                            .reset_password_ttl = settings.mail_reset_password_ttl},
                   .mfa = MfaSettingsOf(settings),
                   .event_source =
                       settings.events_source.empty() ? settings.issuer : settings.events_source},
      .features = features_.get(),
      .identity_cache = identity_cache_.get(),
      .emails = emails_.get(),
      .password_strength = password_strength_.get(),
      .second_factor = second_factor_ ? &second_factor_->ports : nullptr});
  // rampart:else
  //     .settings = {.event_source = settings.events_source.empty() ? settings.issuer
  //                                                                 : settings.events_source},
  //     .features = features_.get()});
  // rampart:end
  // rampart:begin(redis)
  rate_limits_ = MakeRateLimits(settings, redis);
  // rampart:else
  // rate_limits_ = MakeRateLimits(settings);
  // rampart:end
  // rampart:begin(iam)
  if (identity_cache_) {
    access_check_ =
        std::make_unique<application::CachedAccessTokenCheck>(*services_, *identity_cache_);
  } else {
    access_check_ = std::make_unique<application::DatabaseAccessTokenCheck>(*services_);
  }
  // rampart:else
  // // Revocation is the issuer's: a token is honoured until it expires.
  // access_check_ = std::make_unique<application::TrustedIssuerCheck>();
  // rampart:end
  dispatcher_ = std::make_unique<application::Dispatcher>(*services_, *access_check_);
  // rampart:begin(iam)
  // Keys verified once are remembered like verified access tokens (cache.verified_tokens).
  api_keys_ = std::make_unique<application::ApiKeyAuthenticator>(
      services_->database, *random_, *clock_, settings.cache_verified_tokens);
  // rampart:end
}

Composition::~Composition() {
  StopApiKeyUsage();  // rampart:only(iam)
  StopMessaging();
}

// rampart:begin(iam)
const application::AccessTokenVerifier& Composition::Tokens() const { return services_->tokens; }
// rampart:else
// const application::AccessTokenVerifier& Composition::Tokens() const {
//   return issuer_tokens_->Verifier();
// }
//
// void Composition::StartIssuerKeys() { issuer_tokens_->Start(); }
// rampart:end

// rampart:begin(iam)
void Composition::StartApiKeyUsage() {
  if (api_key_usage_) return;
  api_key_usage_ = std::make_unique<ApiKeyUsageFlusher>(
      api_keys_->Usage(), database_->UnitsOfWork(), settings_.api_keys_usage_flush_interval);
  api_key_usage_->Start();
}

void Composition::StopApiKeyUsage() {
  if (api_key_usage_) api_key_usage_->Stop();
}

std::shared_ptr<const KeyRing> Composition::Keys() const { return tokens_->Keys(); }
// rampart:end

std::vector<std::pair<std::string, std::string>> Composition::Adapters() const {
  // rampart:begin(redis)
  const bool shared_limits = redis_ && settings_.rate_limit_shared;
  const char* cache = redis_ ? "redis" : "memory";
  const char* limits = shared_limits ? "redis" : "memory";
  // rampart:else
  // const char* cache = "memory";
  // const char* limits = "memory";
  // rampart:end
  return {
      // rampart:begin(postgres)
      // rampart:begin(sqlite)
      {"database", settings_.database_is_sqlite ? "sqlite" : "postgresql"},
      // rampart:else
      // {"database", "postgresql"},
      // rampart:end
      // rampart:else
      // {"database", "sqlite"},
      // rampart:end
      {"cache", !settings_.cache_enabled ? "off" : cache},
      {"rateLimits", !settings_.rate_limit_enabled ? "off" : limits},
      // rampart:begin(sqs)
      {"queue", settings_.queue_url.empty() ? "embedded" : "sqs"},
      // rampart:else
      // {"queue", "embedded"},
      // rampart:end
      // rampart:begin(iam)
      {"mail", settings_.smtp_url.empty() ? "pickup directory" : "smtp"},
      {"signingKeys", key_manager_->DescribeStore()},
      {"verifiedTokens", verified_tokens_ ? "memory" : "off"}};
      // rampart:else
      // {"mail", settings_.smtp_url.empty() ? "pickup directory" : "smtp"},
      // {"accessTokens", "issuer jwks"}};
      // rampart:end
}

void Composition::EnableFeatureReload(std::unique_ptr<application::FeatureSource> source) {
  feature_source_ = std::move(source);
}

void Composition::ReloadFeatures() {
  if (!feature_source_) return;
  try {
    auto values = feature_source_->Read();
    if (!values) {
      // Once per distinct problem, not at every reload until someone fixes the file.
      if (values.error() != last_feature_error_) {
        log::Error("main", "feature flags could not be read again; they stay as they are",
                   {{"error", values.error()}});
      }
      last_feature_error_ = values.error();
      return;
    }
    last_feature_error_.clear();
    auto changes =
        dispatcher_->Send(application::ApplyFeatureValuesCommand{.values = std::move(*values)},
                          application::Caller::System("features.reload"));
    if (!changes) {
      log::Error("main", "feature flag change not applied; retried at the next reload",
                 {{"error", changes.error().detail}});
      return;
    }
    for (const auto& change : *changes) {
      log::Info("main", "feature flag changed",
                {{"flag", std::string(domain::InfoOf(change.feature).name)},
                 {"from", change.from},
                 {"to", change.to},
                 {"source", change.source}});
    }
  } catch (const std::exception& error) {
    // The audit event could not be written (database down): nothing changed.
    log::Error("main", "feature flag change not applied; retried at the next reload",
               {{"error", error.what()}});
  }
}

// rampart:begin(iam)
std::optional<std::chrono::system_clock::time_point> Composition::KeysDeadline() const {
  return key_manager_->NextDeadline();
}

std::optional<std::chrono::system_clock::time_point> Composition::ReloadKeys() {
  try {
    const auto reload = key_manager_->Refresh();
    if (reload.rotation) {
      log::Info("auth", "signing keys rotated (auth.key_rotation_interval)",
                {{"retiredKid", reload.rotation->retired_kid},
                 {"activeKid", reload.rotation->activated_kid},
                 {"nextKid", reload.rotation->next_kid}});
    }
    if (reload.changed) {
      // The new ring first, then the cache: a token verified with a key that just left is
      // not remembered (VerifiedTokenCache::Forget).
      tokens_->SetKeys(reload.ring);
      if (!reload.removed.empty() && verified_tokens_) verified_tokens_->Forget();
      std::string removed;
      for (const auto& kid : reload.removed) removed += (removed.empty() ? "" : ",") + kid;
      log::Info("auth", "signing keys reloaded",
                {{"activeKid", reload.ring->Active().Kid()},
                 {"published", static_cast<std::int64_t>(reload.ring->Keys().size())},
                 {"removedKids", removed}});
    }
  } catch (const std::exception& error) {
    log::Error("auth", "signing keys could not be reloaded; the current keys stay in use",
               {{"store", key_manager_->DescribeStore()}, {"error", error.what()}});
  }
  return key_manager_->NextDeadline();
}
// rampart:end

void Composition::StartMessaging() {
  if (messaging_) return;
  messaging_ =
      std::make_unique<MessagingRuntime>(settings_, database_->UnitsOfWork(), *clock_, *random_);
  messaging_->Start();
}

void Composition::StartAuditRetention() {
  if (audit_retention_) return;
  audit_retention_ = std::make_unique<AuditRetention>(settings_, database_->UnitsOfWork(), *clock_);
  audit_retention_->Start();
}

std::function<void()> Composition::QueuePing() {
  if (!messaging_) return nullptr;
  return [runtime = messaging_.get()] { runtime->Ping(); };
}

void Composition::StopMessaging() {
  if (messaging_) messaging_->Stop();
}

void Composition::InterruptDependencies() { database_->Interrupt(); }

int Composition::Migrate() { return static_cast<int>(database_->Migrate().size()); }

}  // namespace rampart
