// The setting table's runtime section (setting_sections.hpp): key, variable, default,
// description and codec of each setting, in documentation order.
#include "main/config/setting_codecs.hpp"
#include "main/config/setting_sections.hpp"

namespace rampart::config {

void AppendRuntimeSettings(std::vector<SettingInfo>& table) {
  using namespace setting_codecs;
  using enum ValueKind;
  using S = Settings;
  table.insert(table.end(), {
      // rampart:begin(iam)
      Entry("argon2.memory_kib", "RAMPART_ARGON2_MEMORY_KIB", kInteger, "19456",
            "Argon2id memory per hash in KiB (8192 to 4194304); 19456 = 19 MiB follows OWASP. "
            "Stored hashes are upgraded at the next login when this changes.",
            Integer(&S::argon2_memory_kib, 8192, 4194304)),
      Entry("argon2.iterations", "RAMPART_ARGON2_ITERATIONS", kInteger, "2",
            "Argon2id passes over the memory (1 to 10).", Integer(&S::argon2_iterations, 1, 10)),
      Entry("argon2.parallelism", "RAMPART_ARGON2_PARALLELISM", kInteger, "1",
            "Argon2id lanes; libsodium supports only 1.", Parallelism()),
      Entry("argon2.max_concurrent", "RAMPART_ARGON2_MAX_CONCURRENT", kInteger, "0",
            "Password hashes (logins, registrations, password changes) computed at once; 0 "
            "means one per usable CPU. Each holds `argon2.memory_kib`, so hashing never takes "
            "more than this times that (see docs/operations.md#sizing).",
            Integer(&S::argon2_max_concurrent, 0, 1024)),
      Entry("argon2.queue_timeout", "RAMPART_ARGON2_QUEUE_TIMEOUT", kDuration, "2s",
            "How long a request waits in line for a hashing slot before it is refused with 503 "
            "and `Retry-After`; 0 refuses at once when every slot is busy.",
            DurationOrZero(&S::argon2_queue_timeout)),
      // rampart:end

      // rampart:begin(redis)
      Entry("redis.url", "RAMPART_REDIS_URL", kString, "",
            "Redis for the shared cache and rate limits: `redis://[:password@]host:port/db`, "
            "`rediss://` for TLS. Empty means the in-process cache (one instance). Redis is "
            "optional at run time: when it is down, reads fall through to the database.",
            RedisUrlCodec(), Secrecy::kUrlPassword),
      Entry("redis.connect_timeout", "RAMPART_REDIS_CONNECT_TIMEOUT", kDuration, "500ms",
            "Time allowed to connect (TCP, TLS, AUTH, SELECT) before trying again later.",
            Duration(&S::redis_connect_timeout)),
      Entry("redis.command_timeout", "RAMPART_REDIS_COMMAND_TIMEOUT", kDuration, "100ms",
            "Deadline of one Redis command; past it the connection is dropped and requests "
            "use the database until Redis answers again.",
            Duration(&S::redis_command_timeout)),
      Entry("redis.tls_ca_file", "RAMPART_REDIS_TLS_CA_FILE", kString, "",
            "PEM bundle of CAs trusted for `rediss://`; empty means the system's store.",
            Path(&S::redis_tls_ca_file, true)),
      // rampart:end
      Entry("cache.enabled", "RAMPART_CACHE_ENABLED", kBoolean, "true",
            "Cache-aside in front of the database; false sends every look-up to the database: "
            "for benchmarks and debugging"
            ". It holds users, sessions and permissions (the identity cache); "  // rampart:only(iam)
            "the verified-token cache is separate (cache.verified_tokens)"  // rampart:only(iam)
            ".",
            Boolean(&S::cache_enabled)),
      Entry("cache.max_entries", "RAMPART_CACHE_MAX_ENTRIES", kInteger, "100000",
            "Most entries of the in-process cache (least recently used ones are dropped).",
            Integer(&S::cache_max_entries, 1, 100'000'000)),
      // rampart:begin(iam)
      Entry("cache.user_ttl", "RAMPART_CACHE_USER_TTL", kDuration, "60s",
            "How long a cached user (profile, roles, token version, lock) is kept. Every write "
            "invalidates it at once; this bounds staleness only when an invalidation is lost "
            "(cache unreachable at that moment).",
            Duration(&S::cache_user_ttl)),
      Entry("cache.session_ttl", "RAMPART_CACHE_SESSION_TTL", kDuration, "30s",
            "How long a cached session state (revoked, expiry) is kept; invalidated on every "
            "session change.",
            Duration(&S::cache_session_ttl)),
      Entry("cache.permissions_ttl", "RAMPART_CACHE_PERMISSIONS_TTL", kDuration, "60s",
            "How long a user's cached permissions are kept; a role or role-assignment change "
            "invalidates them at once.",
            Duration(&S::cache_permissions_ttl)),
      Entry("cache.verified_tokens", "RAMPART_CACHE_VERIFIED_TOKENS", kInteger, "100000",
            "Access tokens whose signature was verified, remembered in process (by SHA-256, "
            "until their `exp`) to skip re-verifying ES256; 0 turns it off. Revocation is "
            "still checked on every request.",
            Integer(&S::cache_verified_tokens, 0, 10'000'000)),
      // rampart:end

      Entry("log.level", "RAMPART_LOG_LEVEL", kString, "info",
            "Least severe level logged: trace, debug, info, warn, error or off.",
            Choice(&S::log_level, {"trace", "debug", "info", "warn", "error", "off"})),
      Entry("log.format", "RAMPART_LOG_FORMAT", kString, "json",
            "Log line format: json (one object per line) or text (for a terminal).",
            Choice(&S::log_format, {"json", "text"})),
      Entry("log.access_probes", "RAMPART_LOG_ACCESS_PROBES", kBoolean, "true",
            "Write access-log lines for health probes (`GET /health/live`, `/health/ready`) and "
            "successful metrics scrapes; false leaves them out.",
            Boolean(&S::log_access_probes)),
      Entry("log.levels", "RAMPART_LOG_LEVELS", kString, "",
            "Per-component levels overriding `log.level`, e.g. `http=warn,db=debug`; the "
            "components are the `logger` values of the log lines (docs/observability.md#logs), "
            "and an unknown one is refused with the list.",
            ComponentLevels()),

      Entry("telemetry.service", "DD_SERVICE", kString, "rampart",
            "Service name on traces, metrics and logs (Datadog unified service tag `service`, "
            "OpenTelemetry `service.name`).",
            Text(&S::service_name)),
      Entry("telemetry.environment", "DD_ENV", kString, "",
            "Deployment environment tag (`env`, `deployment.environment.name`); empty means "
            "the value of `env`.",
            Text(&S::service_env)),
      Entry("telemetry.version", "DD_VERSION", kString, "",
            "Version tag (`version`, `service.version`); empty means this build's version.",
            Text(&S::service_version)),
      Entry("telemetry.otlp_endpoint", "RAMPART_OTLP_ENDPOINT", kString, "",
            "OTLP/HTTP receiver for traces and metrics (an OpenTelemetry collector or the "
            "Datadog agent), e.g. `http://127.0.0.1:4318`; a URL ending in `/v1/traces` is used "
            "as is and `/v1/metrics` beside it. `https://` goes through the outbound HTTP "
            "component (certificate verified, policy `outbound.otlp.*`). Empty: no export.",
            OtlpEndpoint()),
      Entry("telemetry.otlp_protocol", "RAMPART_OTLP_PROTOCOL", kString, "http/protobuf",
            "OTLP/HTTP encoding, as `OTEL_EXPORTER_OTLP_PROTOCOL` names them: `http/protobuf` "
            "(`application/x-protobuf`, the OpenTelemetry default; half the bytes and cheaper "
            "to write) or `http/json`.",
            Choice(&S::otlp_protocol, {"http/protobuf", "http/json"})),
      Entry("telemetry.trace_sample_ratio", "RAMPART_TRACE_SAMPLE_RATIO", kString, "1",
            "Share of new traces recorded (0 to 1); a request with a `traceparent` follows the "
            "caller's sampling decision.",
            Ratio(&S::trace_sample_ratio)),
      Entry("telemetry.otlp_queue_spans", "RAMPART_OTLP_QUEUE_SPANS", kInteger, "4096",
            "Finished spans waiting for export at most; beyond it spans are dropped (and "
            "counted), never waited for.",
            Integer(&S::otlp_queue_spans, 64, 1 << 20)),
      Entry("telemetry.otlp_interval", "RAMPART_OTLP_INTERVAL", kDuration, "5s",
            "Longest time a span waits for its batch, and the period of the metrics export.",
            Duration(&S::otlp_interval)),
      Entry("telemetry.otlp_shutdown_timeout", "RAMPART_OTLP_SHUTDOWN_TIMEOUT", kDuration, "3s",
            "On shutdown (after the requests drained), longest time spent exporting the spans "
            "still queued and the last metrics; spans left after it are dropped and counted.",
            Duration(&S::otlp_shutdown_timeout)),
      Entry("telemetry.dogstatsd", "RAMPART_DOGSTATSD", kString, "",
            "DogStatsD address (`host:port`, UDP) to send metrics to with the unified service "
            "tags, e.g. `127.0.0.1:8125`. Empty: off.",
            OptionalHostPort(&S::dogstatsd)),
      Entry("telemetry.dogstatsd_interval", "RAMPART_DOGSTATSD_INTERVAL", kDuration, "10s",
            "How often metrics are flushed to DogStatsD.", Duration(&S::dogstatsd_interval)),
      Entry("telemetry.metrics_access", "RAMPART_METRICS_ACCESS", kString, "public",
            "Who may read `GET /metrics`: `public` (anyone who reaches the port) or `token` "
            "(`Authorization: Bearer <telemetry.metrics_token>`). Use `token` wherever the port "
            "is reachable from outside; production requires `token`.",
            Choice(&S::metrics_access, {"public", "token"})),
      Entry("telemetry.metrics_token", "RAMPART_METRICS_TOKEN", kString, "",
            "The scrape token when `telemetry.metrics_access = token` (16 characters or more).",
            MetricsToken(), Secrecy::kSecret),
      Entry("telemetry.slow_request_threshold", "RAMPART_SLOW_REQUEST_THRESHOLD", kDuration, "1s",
            "Requests taking at least this long are logged (warn) with their time broken down; "
            "0 turns the log off.",
            DurationOrOff(&S::slow_request_threshold)),
      Entry("telemetry.slow_query_threshold", "RAMPART_SLOW_QUERY_THRESHOLD", kDuration, "200ms",
            "Database statements taking at least this long are logged (warn, component `db`) "
            "with their SQL or prepared statement's name and duration; 0 turns the log off.",
            DurationOrOff(&S::slow_query_threshold)),

      // rampart:begin(iam)
      // --- reload of keys and flags without a restart (docs/configuration.md#reload) ---
      // rampart:else
      // // --- reload of the flags without a restart (docs/configuration.md#reload) ---
      // rampart:end
      Entry("reload.interval", "RAMPART_RELOAD_INTERVAL", kDuration, "10s",
            "How often a running `rampart serve` reads "
            "the signing keys (a rotation by another instance or by `rampart keys`) and "  // rampart:only(iam)
            "the feature flags (`features.*` in the configuration files) again; SIGHUP does it "
            "at once. `off`: only on SIGHUP.",
            DurationOrOff(&S::reload_interval)),
  });
}

}  // namespace rampart::config
