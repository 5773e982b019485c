// The setting table's server section (setting_sections.hpp): key, variable, default,
// description and codec of each setting, in documentation order.
#include "main/config/setting_codecs.hpp"
#include "main/config/setting_sections.hpp"

namespace rampart::config {

void AppendServerSettings(std::vector<SettingInfo>& table) {
  using namespace setting_codecs;
  using enum ValueKind;
  using S = Settings;
  table.insert(table.end(), {
      Entry("env", "RAMPART_ENV", kString, "development",
            "Deployment environment: development, staging or production. Selects the file "
            "`rampart.<env>.toml`; production refuses to start with insecure settings.",
            Choice(&S::env, {"development", "staging", "production"})),
      Entry("data_dir", "RAMPART_DATA_DIR", kString, "./data",
            "Directory for local state: the embedded queues"
            ", the default SQLite database"  // rampart:only(sqlite)
            " and the files the service generates.",
            Path(&S::data_dir, false)),

      Entry("server.listen", "RAMPART_LISTEN", kString, "127.0.0.1:8080",
            "Address to listen on, `host:port` (IPv4, `[IPv6]` or hostname; port 0 picks a free "
            "one). Use `0.0.0.0:8080` to accept connections from other hosts.",
            Listen()),
      Entry("server.io_threads", "RAMPART_IO_THREADS", kInteger, "0",
            "Threads running the network event loops; 0 means one per usable CPU (the affinity "
            "mask, lowered to the cgroup v2 `cpu.max` quota of a container).",
            Integer(&S::io_threads, 0, 1024)),
      Entry("server.worker_threads", "RAMPART_WORKER_THREADS", kInteger, "0",
            "Threads for blocking work (database, slow computations); 0 means one per usable CPU "
            "(as `server.io_threads`)"
            ", on PostgreSQL at least `database.pool.max_size`"  // rampart:only(postgres)
            ".",
            Integer(&S::worker_threads, 0, 1024)),
      Entry(
          "server.worker_queue_limit", "RAMPART_WORKER_QUEUE_LIMIT", kInteger, "1024",
          "Blocking jobs allowed to wait for a free worker; beyond it requests fail fast with 503.",
          Integer(&S::worker_queue_limit, 1, 1 << 20)),
      Entry("server.max_body_bytes", "RAMPART_MAX_BODY_BYTES", kInteger, "1048576",
            "Largest request body accepted; a larger one is refused with 413.",
            Integer(&S::max_body_bytes, 1, 1LL << 30)),
      Entry("server.max_header_bytes", "RAMPART_MAX_HEADER_BYTES", kInteger, "16384",
            "Largest request line plus headers accepted.",
            Integer(&S::max_header_bytes, 1024, 1 << 20)),
      Entry("server.read_timeout", "RAMPART_READ_TIMEOUT", kDuration, "15s",
            "Time a client has to send a whole request (slow-client protection).",
            Duration(&S::read_timeout)),
      Entry("server.idle_timeout", "RAMPART_IDLE_TIMEOUT", kDuration, "60s",
            "Time an idle keep-alive connection is kept open.", Duration(&S::idle_timeout)),
      Entry("server.shutdown_timeout", "RAMPART_SHUTDOWN_TIMEOUT", kDuration, "10s",
            "On SIGTERM, time allowed for in-flight requests to finish and the outbox to "
            "flush; past it, calls still waiting on the database fail and the process exits.",
            Duration(&S::shutdown_timeout)),
      Entry("server.drain_delay", "RAMPART_DRAIN_DELAY", kDuration, "0",
            "Lame duck: on SIGTERM, `GET /health/ready` answers 503 at once while the instance "
            "keeps accepting and serving for this long, then drains (a second SIGTERM drains at "
            "once). Set it to the time your load balancer needs to stop sending (its health "
            "check interval times the unhealthy threshold; in Kubernetes instead of a `preStop` "
            "sleep). The shutdown timeout starts after it.",
            DurationOrZero(&S::drain_delay)),

      Entry("server.max_in_flight", "RAMPART_MAX_IN_FLIGHT", kInteger, "2048",
            "Requests one instance works on at once; beyond it requests are refused at once with "
            "503 and `Retry-After` (overload protection) instead of queueing.",
            Integer(&S::max_in_flight, 1, 1 << 20)),
      Entry("server.trusted_proxies", "RAMPART_TRUSTED_PROXIES", kString, "",
            "Comma-separated IP addresses or CIDR networks of the reverse proxies / load "
            "balancers in front of this service. Only a peer in this list may set the client "
            "address with `X-Forwarded-For` (rightmost untrusted entry wins); empty trusts none.",
            List(&S::trusted_proxies, NetworkEntry)),
      Entry("server.behind_tls", "RAMPART_BEHIND_TLS", kBoolean, "false",
            "A TLS-terminating proxy serves this service over https: send HSTS "
            "(`Strict-Transport-Security`) although this process speaks plain HTTP.",
            Boolean(&S::behind_tls)),
      Entry("tls.enabled", "RAMPART_TLS_ENABLED", kBoolean, "false",
            "Terminate TLS in this process (TLS 1.2+, Mozilla intermediate ciphers) with "
            "`tls.cert_file` and `tls.key_file`; SIGHUP reloads both without dropping "
            "connections.",
            Boolean(&S::tls_enabled)),
      Entry("tls.cert_file", "RAMPART_TLS_CERT_FILE", kString, "",
            "PEM certificate chain (leaf first) for `tls.enabled`.", Path(&S::tls_cert_file, true)),
      Entry("tls.key_file", "RAMPART_TLS_KEY_FILE", kString, "",
            "PEM private key of that certificate.", Path(&S::tls_key_file, true)),

      Entry("cors.origins", "RAMPART_CORS_ORIGINS", kString, "",
            "Comma-separated origins (`https://app.example.com`) allowed to call the API from a "
            "browser; `*` allows any (never with credentials). Empty disables CORS.",
            List(&S::cors_origins, ValidateOrigin)),
      Entry("cors.methods", "RAMPART_CORS_METHODS", kString, "GET,HEAD,POST,PUT,PATCH,DELETE",
            "Methods a preflight allows.", List(&S::cors_methods, TokenEntry)),
      Entry("cors.headers", "RAMPART_CORS_HEADERS", kString,
            "Authorization,Content-Type,X-Correlation-Id,traceparent",
            "Request headers a preflight allows.", List(&S::cors_headers, TokenEntry)),
      Entry("cors.expose_headers", "RAMPART_CORS_EXPOSE_HEADERS", kString,
            "X-Correlation-Id,Location,Retry-After,RateLimit,RateLimit-Policy",
            "Response headers a browser script may read.",
            List(&S::cors_expose_headers, TokenEntry)),
      Entry("cors.credentials", "RAMPART_CORS_CREDENTIALS", kBoolean, "false",
            "Allow credentialed requests (cookies, HTTP auth) from the allowed origins.",
            Boolean(&S::cors_credentials)),
      Entry("cors.max_age", "RAMPART_CORS_MAX_AGE", kDuration, "10m",
            "How long a browser may cache a preflight answer (whole seconds).",
            Duration(&S::cors_max_age)),

      Entry("rate_limit.enabled", "RAMPART_RATE_LIMIT_ENABLED", kBoolean, "true",
            "Limit request rates per client IP and per user (429 with `Retry-After`). "
            "Production refuses to start with it off.",
            Boolean(&S::rate_limit_enabled)),
      Entry("rate_limit.ip_limit", "RAMPART_RATE_LIMIT_IP_LIMIT", kInteger, "600",
            "Requests per `rate_limit.ip_window` from one client IP (also the burst allowed).",
            Integer(&S::rate_limit_ip_limit, 1, 1'000'000)),
      Entry("rate_limit.ip_window", "RAMPART_RATE_LIMIT_IP_WINDOW", kDuration, "1m",
            "Window of the per-IP limit (at most 1d).", Duration(&S::rate_limit_ip_window)),
      Entry("rate_limit.user_limit", "RAMPART_RATE_LIMIT_USER_LIMIT", kInteger, "600",
            "Requests per `rate_limit.user_window` by one authenticated user.",
            Integer(&S::rate_limit_user_limit, 1, 1'000'000)),
      Entry("rate_limit.user_window", "RAMPART_RATE_LIMIT_USER_WINDOW", kDuration, "1m",
            "Window of the per-user limit (at most 1d).", Duration(&S::rate_limit_user_window)),
      // rampart:begin(iam)
      Entry("rate_limit.auth_limit", "RAMPART_RATE_LIMIT_AUTH_LIMIT", kInteger, "10",
            "Login, register and forgot-password requests per `rate_limit.auth_window` from one "
            "client IP (on top of the per-IP limit).",
            Integer(&S::rate_limit_auth_limit, 1, 1'000'000)),
      Entry("rate_limit.auth_window", "RAMPART_RATE_LIMIT_AUTH_WINDOW", kDuration, "1m",
            "Window of the auth limit (at most 1d).", Duration(&S::rate_limit_auth_window)),
      // rampart:end
      Entry("rate_limit.max_keys", "RAMPART_RATE_LIMIT_MAX_KEYS", kInteger, "100000",
            "Buckets the in-process store keeps (least recently used dropped beyond it).",
            Integer(&S::rate_limit_max_keys, 1, 100'000'000)),
      // rampart:begin(redis)
      Entry("rate_limit.shared", "RAMPART_RATE_LIMIT_SHARED", kBoolean, "true",
            "With `redis.url` set, keep the buckets in Redis so that every instance enforces one "
            "limit (each falls back to its own in-process limits while Redis is unavailable). "
            "False keeps them in process even with Redis.",
            Boolean(&S::rate_limit_shared)),
      // rampart:end
  });
}

}  // namespace rampart::config
