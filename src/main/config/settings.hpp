#pragma once
// The effective configuration of one rampart process: every setting already parsed, validated
// and resolved (no "empty means derived" left for the caller), plus where each value came from.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/feature.hpp"

namespace rampart::config {

// Origin: where a setting's value came from; later layers win (SPEC §2).
struct Origin {
  enum class Kind { kDefault, kFile, kEnvironment, kCommandLine };
  Kind kind = Kind::kDefault;
  std::string
      name;  // kFile: the file as opened (e.g. "config/rampart.toml"); kEnvironment: the variable
  int line = 0;  // kFile only: 1-based line of the value
  // The Secrets Manager reference the layer gave instead of a value ("aws-sm:prod/db#url");
  // empty when the layer gave the value itself.
  std::string secret;

  // Describe returns "default", "config/rampart.toml:12", "RAMPART_LISTEN" or "command line",
  // followed by " via aws-sm:<secret>[#<key>]" when the value was read from Secrets Manager.
  std::string Describe() const;
};

// UnknownVariable is a RAMPART_* environment variable that is not a setting, with the likely
// intended one.
struct UnknownVariable {
  std::string name;
  std::string suggestion;  // the closest setting variable; empty when none is close
  std::string note;        // why it is wrong when that is not a typo, e.g. a `_FILE` form
};

// OutboundPolicy is the resilience policy of one outgoing dependency (`outbound.<name>.*`,
// docs/outbound.md).
struct OutboundPolicy {
  std::chrono::milliseconds attempt_timeout{};   // attempt_timeout: one exchange
  std::chrono::milliseconds timeout{};           // timeout: the whole call, retries included
  int max_attempts = 0;                          // max_attempts: 1 means no retry
  std::chrono::milliseconds backoff_initial{};   // backoff_initial: first retry's delay ceiling
  std::chrono::milliseconds backoff_max{};       // backoff_max
  int retry_budget_percent = 0;                  // retry_budget: retries per 100 calls (+1/s)
  int breaker_failures = 0;                      // breaker_failures: consecutive, to open
  std::chrono::milliseconds breaker_open_for{};  // breaker_open_for
  int max_concurrent = 0;                        // max_concurrent: the bulkhead
};

// Settings: typed settings. Field comments give the TOML key; AllSettings() holds defaults and
// rules.
struct Settings {
  std::string env;  // env: development | staging | production

  // --- server -------------------------------------------------------------------------------
  std::string listen_host;                   // server.listen host part; IPv6 without brackets
  std::uint16_t listen_port = 0;             // server.listen port (0: let the kernel choose)
  int io_threads = 0;                        // server.io_threads, resolved: 0 in config means cores
  int worker_threads = 0;                    // server.worker_threads, resolved like io_threads
  std::size_t worker_queue_limit = 0;        // server.worker_queue_limit: queued blocking jobs
  std::size_t max_body_bytes = 0;            // server.max_body_bytes
  std::size_t max_header_bytes = 0;          // server.max_header_bytes
  std::chrono::milliseconds read_timeout{};  // server.read_timeout: whole request
  std::chrono::milliseconds idle_timeout{};  // server.idle_timeout: keep-alive gap
  std::chrono::milliseconds shutdown_timeout{};  // server.shutdown_timeout: drain budget
  std::chrono::milliseconds drain_delay{};       // server.drain_delay: lame duck before draining
  std::size_t max_in_flight = 0;  // server.max_in_flight: requests in progress; beyond → 503
  std::vector<std::string> trusted_proxies;  // server.trusted_proxies: CIDRs (validated)
  bool behind_tls = false;  // server.behind_tls: a TLS-terminating proxy fronts us (HSTS)

  // --- TLS termination in process -----------------------------------------------------------
  bool tls_enabled = false;             // tls.enabled
  std::filesystem::path tls_cert_file;  // tls.cert_file: PEM chain, leaf first
  std::filesystem::path tls_key_file;   // tls.key_file: PEM private key

  // --- CORS ---------------------------------------------------------------------------------
  std::vector<std::string> cors_origins;         // cors.origins: exact origins, or "*"
  std::vector<std::string> cors_methods;         // cors.methods
  std::vector<std::string> cors_headers;         // cors.headers: allowed request headers
  std::vector<std::string> cors_expose_headers;  // cors.expose_headers
  bool cors_credentials = false;                 // cors.credentials
  std::chrono::seconds cors_max_age{};           // cors.max_age: preflight cache lifetime

  // --- rate limiting ------------------------------------------------------------------------
  bool rate_limit_enabled = true;         // rate_limit.enabled
  std::uint32_t rate_limit_ip_limit = 0;  // rate_limit.ip_limit per ip_window
  std::chrono::milliseconds rate_limit_ip_window{};
  std::uint32_t rate_limit_user_limit = 0;  // rate_limit.user_limit per user_window
  std::chrono::milliseconds rate_limit_user_window{};
  // rampart:begin(iam)
  std::uint32_t rate_limit_auth_limit = 0;  // rate_limit.auth_limit per auth_window
  std::chrono::milliseconds rate_limit_auth_window{};
  // rampart:end
  std::size_t rate_limit_max_keys = 0;  // rate_limit.max_keys: in-process buckets
  bool rate_limit_shared = true;        // rate_limit.shared: in Redis when redis.url is set  // rampart:only(redis)

  std::filesystem::path data_dir;  // data_dir

  // --- database -----------------------------------------------------------------------------
  // rampart:begin(sqlite)
  std::string database_url;           // database.url, resolved (never empty). A secret: print
                                      // it only through MaskUrlPassword().
  // rampart:else
  // std::string database_url;           // database.url (no default: the commands refuse an empty
  //                                     // one). A secret: print it only through MaskUrlPassword().
  // rampart:end
  std::string database_password;      // database.password: replaces the URL's password when set  // rampart:only(postgres)
  // rampart:begin(sqlite)
  // rampart:begin(postgres)
  bool database_is_sqlite = false;    // true for sqlite://, false for postgresql://
  // rampart:else
  // bool database_is_sqlite = false;    // true for sqlite:// (the only kind)
  // rampart:end
  std::filesystem::path sqlite_path;  // the database file when database_is_sqlite
  bool allow_sqlite_in_production = false;  // database.allow_sqlite_in_production
  // rampart:end
  bool database_auto_migrate = true;        // database.auto_migrate: serve applies migrations
  // rampart:begin(postgres)
  // PostgreSQL only (see docs/postgres.md):
  int database_pool_min_size = 0;                          // database.pool.min_size
  int database_pool_max_size = 0;                          // database.pool.max_size
  std::chrono::milliseconds database_acquire_timeout{};    // database.pool.acquire_timeout
  std::chrono::milliseconds database_statement_timeout{};  // database.pool.statement_timeout
  std::chrono::milliseconds database_max_lifetime{};       // database.pool.max_lifetime
  std::chrono::milliseconds database_idle_timeout{};       // database.pool.idle_timeout
  std::chrono::milliseconds database_connect_timeout{};    // database.pool.connect_timeout
  int database_breaker_failures = 0;                       // database.circuit_breaker.failures
  std::chrono::milliseconds database_breaker_open_for{};   // database.circuit_breaker.open_for
  // rampart:end

  // rampart:begin(iam)
  // --- first administrator ------------------------------------------------------------------
  std::string admin_email;     // admin.email, normalised to lower case
  std::string admin_password;  // admin.password (secret); empty: generate and print once

  // --- tokens and sessions ------------------------------------------------------------------
  std::string issuer;    // auth.issuer, resolved: empty in config means "http://<listen>"
  // rampart:else
  // // --- access tokens: an external issuer's --------------------------------------------------
  // std::string issuer;    // auth.issuer: the issuer's URL (required; serve refuses it empty)
  // rampart:end
  std::string audience;  // auth.audience
  // rampart:begin(iam)
  std::filesystem::path signing_key_file;  // auth.signing_key_file; empty: use keys_dir
  std::filesystem::path keys_dir;          // auth.keys_dir, resolved: empty means <data_dir>/keys
  // rampart:end
  // features.source: `aws-sm:<secret id or ARN>` whose JSON object of flag values overrides the
  // configuration layers' `features.*`; empty: none
  std::string features_source;
  // rampart:begin(iam)
  // auth.keys_secret: `aws-sm:<secret id or ARN>` holding the keys instead of keys_dir; empty: none
  std::string keys_secret;
  std::string signing_algorithm;           // auth.signing_algorithm: ES256 | EdDSA
  std::chrono::seconds key_rotation_interval{};  // auth.key_rotation_interval; 0: off
  // rampart:end
  std::chrono::seconds clock_skew{};             // auth.clock_skew
  // rampart:begin(iam)
  std::chrono::seconds access_token_ttl{};       // auth.access_token_ttl
  std::chrono::seconds refresh_idle_ttl{};       // auth.refresh_idle_ttl
  std::chrono::seconds session_max_lifetime{};   // auth.session_max_lifetime

  // --- passwords ----------------------------------------------------------------------------
  std::size_t password_min_length = 0;           // password.min_length (Unicode code points)
  std::size_t password_max_length = 0;           // password.max_length
  bool password_reject_common = true;            // password.reject_common
  int password_min_strength = 0;                 // password.min_strength: zxcvbn score 0..4
  int lockout_max_failures = 0;                  // lockout.max_failures
  std::chrono::seconds lockout_base_duration{};  // lockout.base_duration
  std::chrono::seconds lockout_max_duration{};   // lockout.max_duration
  std::chrono::seconds lockout_reset_after{};    // lockout.reset_after
  std::uint32_t argon2_memory_kib = 0;           // argon2.memory_kib
  std::uint32_t argon2_iterations = 0;           // argon2.iterations
  std::uint32_t argon2_parallelism = 0;  // argon2.parallelism (always 1: libsodium's only value)
  int argon2_max_concurrent = 0;  // argon2.max_concurrent, resolved: 0 in config means usable CPUs
  std::chrono::milliseconds argon2_queue_timeout{};  // argon2.queue_timeout: wait for a slot

  // --- two-factor sign-in (docs/security.md#two-factor-sign-in) ------------------------------
  bool mfa_enabled = true;                     // mfa.enabled: TOTP enrolment open
  std::string mfa_encryption_key;              // mfa.encryption_key (secret); empty: generated
  std::string mfa_issuer;                      // mfa.issuer; empty: telemetry.service
  std::chrono::seconds mfa_challenge_ttl{};    // mfa.challenge_ttl
  std::vector<std::string> mfa_required_for;   // mfa.required_for: permission names
  // rampart:end

  // --- mail and messaging (docs/messaging.md) --------------------------------------------
  std::string mail_from;                                 // mail.from
  // rampart:begin(iam)
  std::string mail_public_base_url;                      // mail.public_base_url
  std::chrono::seconds mail_verify_email_ttl{};          // mail.verify_email_ttl
  std::chrono::seconds mail_reset_password_ttl{};        // mail.reset_password_ttl
  // rampart:end
  std::chrono::milliseconds outbox_dispatch_interval{};  // outbox.dispatch_interval
  int outbox_batch = 0;                                  // outbox.batch
  int queue_max_receives = 0;                            // queue.max_receives
  std::chrono::seconds queue_visibility_timeout{};       // queue.visibility_timeout
  // rampart:begin(sqs)
  std::string queue_url;  // queue.url: an SQS queue URL (`.fifo`: FIFO); empty: embedded queue
  std::chrono::seconds queue_wait_time{};  // queue.wait_time: SQS long polling (0 to 20 s)
  // rampart:end
  int outbox_max_attempts = 0;  // outbox.max_attempts: refusals before a row dies
  // rampart:begin(sqs)
  // events.queue_url: the SQS queue of the domain events (CloudEvents); empty: an embedded queue
  // of their own (<data dir>/events.sqlite3)
  std::string events_queue_url;
  // rampart:end
  std::string events_source;  // events.source: the CloudEvents `source`; empty: auth.issuer

  // --- outgoing calls and AWS (docs/outbound.md) --------------------------------------------
  std::filesystem::path outbound_ca_file;        // outbound.ca_file; empty: the system's CA store
  OutboundPolicy outbound_sqs;                   // outbound.sqs.*  // rampart:only(sqs)
  OutboundPolicy outbound_aws_auth;              // outbound.aws_auth.* (ECS, IMDS credentials)
  OutboundPolicy outbound_otlp;                  // outbound.otlp.* (https:// OTLP endpoints)
  OutboundPolicy outbound_secrets;               // outbound.secrets.* (Secrets Manager)
  std::string aws_region;                        // aws.region (AWS_REGION, AWS_DEFAULT_REGION)
  std::string aws_endpoint_url;                  // aws.endpoint_url (AWS_ENDPOINT_URL)
  std::string aws_endpoint_url_sqs;              // aws.endpoint_url_sqs (AWS_ENDPOINT_URL_SQS)  // rampart:only(sqs)
  std::string aws_endpoint_url_secrets_manager;  // aws.endpoint_url_secrets_manager
  // secrets.ttl: how long a value read from Secrets Manager is used before it is read again
  std::chrono::milliseconds secrets_ttl{};

  // --- audit (docs/audit.md) ------------------------------------------------------------------
  std::chrono::seconds audit_retention{};            // audit.retention; 0: keep every event
  std::chrono::milliseconds audit_prune_interval{};  // audit.prune_interval
  int audit_prune_batch = 0;                         // audit.prune_batch
  // rampart:begin(iam)

  // --- API keys (docs/security.md#api-keys) ----------------------------------------------------
  std::chrono::milliseconds api_keys_usage_flush_interval{};  // api_keys.usage_flush_interval
  // rampart:end

  // --- mail delivery over SMTP (docs/messaging.md#mail-over-smtp) ------------------------------
  std::string smtp_url;  // smtp.url; empty: mails go to the pickup directory <data_dir>/mail. A
                         // secret: print it only through MaskUrlPassword().
  std::string smtp_starttls;               // smtp.starttls: when_offered | required
  bool smtp_allow_plaintext_auth = false;  // smtp.allow_plaintext_auth
  std::filesystem::path smtp_ca_file;      // smtp.ca_file; empty: the system's store
  std::string smtp_helo_name;              // smtp.helo_name; empty: derived per connection
  std::chrono::milliseconds smtp_connect_timeout{};   // smtp.connect_timeout
  std::chrono::milliseconds smtp_greeting_timeout{};  // smtp.greeting_timeout
  std::chrono::milliseconds smtp_command_timeout{};   // smtp.command_timeout
  std::chrono::milliseconds smtp_data_timeout{};      // smtp.data_timeout
  bool smtp_allow_pickup_in_production = false;       // smtp.allow_pickup_in_production

  // --- cache ---------------------------------------------------------------------------------
  // rampart:begin(redis)
  std::string redis_url;  // redis.url; empty: the in-process cache. A secret: print it only
                          // through MaskUrlPassword().
  std::chrono::milliseconds redis_connect_timeout{};  // redis.connect_timeout
  std::chrono::milliseconds redis_command_timeout{};  // redis.command_timeout
  std::filesystem::path redis_tls_ca_file;            // redis.tls_ca_file; empty: system store
  // rampart:end
  bool cache_enabled = true;                          // cache.enabled (identity cache)
  std::size_t cache_max_entries = 0;                  // cache.max_entries (in-process cache)
  // rampart:begin(iam)
  std::chrono::seconds cache_user_ttl{};              // cache.user_ttl
  std::chrono::seconds cache_session_ttl{};           // cache.session_ttl
  std::chrono::seconds cache_permissions_ttl{};       // cache.permissions_ttl
  std::size_t cache_verified_tokens = 0;              // cache.verified_tokens; 0: off
  // rampart:end

  // --- logging ------------------------------------------------------------------------------
  std::string log_level;          // log.level: trace | debug | info | warn | error | off
  std::string log_format;         // log.format: json | text
  bool log_access_probes = true;  // log.access_probes: health probes in the access log
  // log.levels: per-component overrides, e.g. {{"http", "warn"}, {"db", "debug"}}.
  std::vector<std::pair<std::string, std::string>> log_component_levels;

  // --- telemetry ----------------------------------------------------------------------------
  std::string service_name;     // telemetry.service (DD_SERVICE)
  std::string service_env;      // telemetry.environment (DD_ENV), resolved: empty means `env`
  std::string service_version;  // telemetry.version (DD_VERSION), resolved: empty means ours
  std::string otlp_endpoint;    // telemetry.otlp_endpoint: http://host:port[/v1/traces]; empty: off
  std::string otlp_protocol;    // telemetry.otlp_protocol: http/protobuf | http/json
  double trace_sample_ratio = 1.0;            // telemetry.trace_sample_ratio, 0..1
  std::size_t otlp_queue_spans = 0;           // telemetry.otlp_queue_spans
  std::chrono::milliseconds otlp_interval{};  // telemetry.otlp_interval: batch/metrics period
  std::chrono::milliseconds otlp_shutdown_timeout{};   // telemetry.otlp_shutdown_timeout
  std::string dogstatsd;                               // telemetry.dogstatsd: host:port; empty: off
  std::chrono::milliseconds dogstatsd_interval{};      // telemetry.dogstatsd_interval
  std::string metrics_access;                          // telemetry.metrics_access: public | token
  std::string metrics_token;                           // telemetry.metrics_token (secret)
  std::chrono::milliseconds slow_request_threshold{};  // telemetry.slow_request_threshold
  std::chrono::milliseconds slow_query_threshold{};    // telemetry.slow_query_threshold

  // --- reload (docs/configuration.md#reload) ------------------------------------------------
  std::chrono::milliseconds reload_interval{};  // reload.interval; 0: only on SIGHUP

  // --- feature flags (docs/configuration.md#feature-flags) -----------------------------------
  // features.<name>, indexed by domain::Feature: the values at load time. A running service
  // reads them again at each reload (main/config_feature_source.hpp).
  std::array<bool, domain::kFeatureCount> features{};
  bool Feature(domain::Feature feature) const {
    return features[static_cast<std::size_t>(feature)];
  }

  // Where each setting's value came from, by TOML key (every key of AllSettings() is present).
  std::map<std::string, Origin, std::less<>> origins;
  // RAMPART_* variables of the environment that name no setting (main/config/unknown_variables).
  std::vector<UnknownVariable> unknown_variables;

  bool IsProduction() const { return env == "production"; }
  // Listen returns "host:port", with brackets around an IPv6 host.
  std::string Listen() const;
};

// LoadOptions: inputs of Load(). Tests fill `environment` by hand; main passes
// EnvironmentFromProcess().
struct LoadOptions {
  std::filesystem::path config_dir = "config";     // missing directory or files: fine
  std::map<std::string, std::string> environment;  // normally EnvironmentFromProcess()
  // Command-line overrides in order, TOML key → value, e.g. {"server.listen", "127.0.0.1:9000"}.
  // A key "env" selects the environment file like RAMPART_ENV does.
  std::vector<std::pair<std::string, std::string>> overrides;
  // Reads the value that an `aws-sm:<secret id or ARN>[#<JSON key>]` reference names, for any
  // secret setting (docs/configuration.md#aws-secrets-manager). It is given the settings as
  // loaded so far (aws.region, aws.endpoint_url*, secrets.ttl); its error names the secret,
  // never a value. Null: a reference is a configuration problem.
  std::function<std::expected<std::string, std::string>(const Settings& settings,
                                                        std::string_view reference)>
      secrets;
};

// The prefix of a Secrets Manager reference in a secret setting's value.
inline constexpr std::string_view kSecretsManagerPrefix = "aws-sm:";

// AcceptsSecretReference returns whether `key`'s value may be a Secrets Manager reference: a secret
// setting (its value is masked), except the endpoints used to reach Secrets Manager itself.
bool AcceptsSecretReference(std::string_view key);

}  // namespace rampart::config
