// The setting table's identity section (setting_sections.hpp): key, variable, default,
// description and codec of each setting, in documentation order.
#include "main/config/setting_codecs.hpp"
#include "main/config/setting_sections.hpp"

namespace rampart::config {

void AppendIdentitySettings(std::vector<SettingInfo>& table) {
  using namespace setting_codecs;
  using enum ValueKind;
  using S = Settings;
  table.insert(table.end(), {
      Entry("database.url", "RAMPART_DATABASE_URL", kString, "",
            // The parts only some services have: template_conditions.cpp lists them too.  // rampart:only(template)
            "Database to use: "
            "`sqlite://<path>` (relative, or `sqlite:///abs/path.db`)"  // rampart:only(sqlite)
            " or "  // rampart:only(sqlite & postgres)
            "`postgresql://user:password@host:5432/db`"  // rampart:only(postgres)
            // rampart:begin(sqlite)
            ". Empty means `sqlite://<data_dir>/rampart.db`.",
            // rampart:else
            // " (or `postgres://`). Required: `rampart serve`, `migrate` and `config check` "
            // "refuse an empty one.",
            // rampart:end
            DatabaseUrlCodec(), Secrecy::kUrlPassword),
      // rampart:begin(postgres)
      Entry("database.password", "RAMPART_DATABASE_PASSWORD", kString, "",
            "PostgreSQL: the password, replacing any in `database.url`; e.g. "
            "`aws-sm:<RDS-managed secret>#password`, which then rotates without a restart "
            "(docs/postgres.md#password-rotation). Empty: the URL's own, or libpq's `PGPASSWORD`.",
            Text(&S::database_password), Secrecy::kSecret),
      // rampart:end
      // rampart:begin(sqlite)
      Entry("database.allow_sqlite_in_production", "RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION",
            kBoolean, "false",
            "Let `env = production` run on SQLite (for a single instance with a local disk only).",
            Boolean(&S::allow_sqlite_in_production)),
      // rampart:end
      Entry("database.auto_migrate", "RAMPART_DATABASE_AUTO_MIGRATE", kBoolean, "true",
            "`rampart serve` applies pending migrations at start. false: it refuses to start on "
            "a schema older than it needs, and migrations run only through `rampart migrate` "
            "(a deploy step of its own; see docs/operations.md#upgrades-and-rollback).",
            Boolean(&S::database_auto_migrate)),
      // rampart:begin(postgres)
      Entry("database.pool.min_size", "RAMPART_DATABASE_POOL_MIN_SIZE", kInteger, "2",
            "PostgreSQL: connections kept open, and re-opened in the background after an outage.",
            Integer(&S::database_pool_min_size, 0, 1000)),
      Entry("database.pool.max_size", "RAMPART_DATABASE_POOL_MAX_SIZE", kInteger, "16",
            "PostgreSQL: most connections open at once. With `server.worker_threads = 0` the "
            "worker pool is sized to match, so no worker waits for a connection.",
            Integer(&S::database_pool_max_size, 1, 1000)),
      Entry("database.pool.acquire_timeout", "RAMPART_DATABASE_POOL_ACQUIRE_TIMEOUT", kDuration,
            "2s", "PostgreSQL: how long a request waits for a free connection before a 503.",
            Duration(&S::database_acquire_timeout)),
      Entry("database.pool.statement_timeout", "RAMPART_DATABASE_POOL_STATEMENT_TIMEOUT", kDuration,
            "5s",
            "PostgreSQL: longest a statement may run (server-side `statement_timeout`); a call "
            "waits this plus one second, then its connection is dropped and it is answered "
            "with 503.",
            Duration(&S::database_statement_timeout)),
      Entry("database.pool.max_lifetime", "RAMPART_DATABASE_POOL_MAX_LIFETIME", kDuration, "30m",
            "PostgreSQL: a connection older than this is replaced when it is next returned.",
            Duration(&S::database_max_lifetime)),
      Entry("database.pool.idle_timeout", "RAMPART_DATABASE_POOL_IDLE_TIMEOUT", kDuration, "5m",
            "PostgreSQL: a connection idle this long is closed (down to `min_size`).",
            Duration(&S::database_idle_timeout)),
      Entry("database.pool.connect_timeout", "RAMPART_DATABASE_POOL_CONNECT_TIMEOUT", kDuration,
            "3s", "PostgreSQL: longest a new connection may take to open.",
            Duration(&S::database_connect_timeout)),
      Entry("database.circuit_breaker.failures", "RAMPART_DATABASE_CIRCUIT_BREAKER_FAILURES",
            kInteger, "3",
            "PostgreSQL: consecutive failed connects that open the circuit (requests then fail "
            "fast with 503 instead of waiting).",
            Integer(&S::database_breaker_failures, 1, 1000)),
      Entry("database.circuit_breaker.open_for", "RAMPART_DATABASE_CIRCUIT_BREAKER_OPEN_FOR",
            kDuration, "1s",
            "PostgreSQL: how long the circuit stays open before one trial connect; the background "
            "reconnect (jittered exponential backoff, 100 ms to 2 s) closes it as soon as one "
            "succeeds.",
            Duration(&S::database_breaker_open_for)),
      // rampart:end

      // rampart:begin(iam)
      Entry("admin.email", "RAMPART_ADMIN_EMAIL", kString, "admin@localhost",
            "E-mail of the first administrator, created at start when no administrator exists.",
            AdminEmail()),
      Entry("admin.password", "RAMPART_ADMIN_PASSWORD", kString, "",
            "Password of that first administrator; empty means generate one and print it once "
            "(stderr), except in production, which never prints one: there no administrator is "
            "created until you set this or run `rampart admin create`. Must satisfy the "
            "password policy.",
            AdminPassword(), Secrecy::kSecret),
      // rampart:end

      Entry("auth.issuer", "RAMPART_JWT_ISSUER", kString, "",
            "The `iss` claim of the access tokens this service accepts"
            " and issues, and its OpenID issuer; empty means `http://<server.listen>`"  // rampart:only(iam)
            ". An http(s) URL without query, where the tokens' signing keys are published "
            "(`<auth.issuer>/.well-known/jwks.json`); production requires https.",
            Issuer()),
      Entry("auth.audience", "RAMPART_JWT_AUDIENCE", kString, "rampart",
            "The `aud` claim of the access tokens this service accepts"
            " and issues"  // rampart:only(iam)
            ".",
            Audience()),
      // rampart:begin(iam)
      Entry("auth.signing_key_file", "RAMPART_JWT_KEY_FILE", kString, "",
            "PEM file with the one private key (EC P-256 or Ed25519) that signs tokens; it does "
            "not rotate. Empty means the keys of `auth.keys_dir`, which rotate.",
            Path(&S::signing_key_file, true)),
      // --- signing-key rotation (docs/security.md#signing-keys) ---
      Entry("auth.keys_dir", "RAMPART_JWT_KEYS_DIR", kString, "",
            "Directory of the signing keys (`keys.json` and one `<kid>.pem` per key), shared by "
            "every instance of one issuer; `rampart keys` manages it. Empty means "
            "`<data_dir>/keys`. Outside production the first keys are created there at start; "
            "production refuses to start until `rampart keys rotate` created them.",
            Path(&S::keys_dir, true)),
      Entry("auth.keys_secret", "RAMPART_JWT_KEYS_SECRET", kString, "",
            "`aws-sm:<secret id or ARN>`: keep the signing keys in this AWS Secrets Manager "
            "secret (a JSON document: the states of `auth.keys_dir`'s `keys.json` with each key's "
            "PEM) instead of `auth.keys_dir`; every instance of one issuer names the same secret, "
            "which must exist. `rampart keys` writes new versions of it (PutSecretValue); "
            "running instances read it at each reload. Empty: `auth.keys_dir`.",
            WholeSecret(&S::keys_secret)),
      Entry("auth.signing_algorithm", "RAMPART_JWT_ALGORITHM", kString, "ES256",
            "Algorithm of the signing keys this service creates (the first ones and each new "
            "next key): `ES256` (ECDSA P-256) or `EdDSA` (Ed25519). Keys keep their algorithm, "
            "so after a change the new algorithm signs from the second rotation on.",
            SigningAlgorithmCodec()),
      Entry("auth.key_rotation_interval", "RAMPART_JWT_KEY_ROTATION_INTERVAL", kDuration, "off",
            "Rotate the signing keys when the active key has signed this long (e.g. `30d`): "
            "one of the instances sharing `auth.keys_dir` rotates, the others follow at their "
            "next reload. `off`: only `rampart keys rotate` does.",
            DurationOrOff(&S::key_rotation_interval)),
      // rampart:end
      Entry("auth.clock_skew", "RAMPART_JWT_CLOCK_SKEW", kDuration, "30s",
            "Clock difference tolerated when checking `exp`, `nbf` and `iat`."
            // rampart:begin(iam)
            " A retired signing key stays in the JWKS for `auth.access_token_ttl` + this + "
            "`reload.interval`."
            // rampart:end
            ,
            Duration(&S::clock_skew)),
      // rampart:begin(iam)
      // --- end of signing-key rotation ---
      Entry("auth.access_token_ttl", "RAMPART_ACCESS_TOKEN_TTL", kDuration, "10m",
            "Lifetime of an access token.", Duration(&S::access_token_ttl)),
      Entry("auth.refresh_idle_ttl", "RAMPART_REFRESH_IDLE_TTL", kDuration, "14d",
            "A session ends when its refresh token is unused for this long.",
            Duration(&S::refresh_idle_ttl)),
      Entry("auth.session_max_lifetime", "RAMPART_SESSION_MAX_LIFETIME", kDuration, "90d",
            "A session ends this long after login, however active (at least "
            "`auth.refresh_idle_ttl`).",
            Duration(&S::session_max_lifetime)),

      Entry("password.min_length", "RAMPART_PASSWORD_MIN_LENGTH", kInteger, "12",
            "Shortest password accepted, in characters (at least 8).",
            Integer(&S::password_min_length, 8, 1024)),
      Entry("password.max_length", "RAMPART_PASSWORD_MAX_LENGTH", kInteger, "128",
            "Longest password accepted, in characters (at most 1024, at least `min_length`).",
            Integer(&S::password_max_length, 8, 1024)),
      Entry("password.reject_common", "RAMPART_PASSWORD_REJECT_COMMON", kBoolean, "true",
            "Reject passwords on the bundled list of common and breached passwords "
            "(resources/common-passwords).",
            Boolean(&S::password_reject_common)),
      Entry("password.min_strength", "RAMPART_PASSWORD_MIN_STRENGTH", kInteger, "3",
            "Least strength a new password needs, as zxcvbn scores it (0 to 4: fewer than 10^3, "
            "10^6, 10^8, 10^10 guesses, or more), with the account's e-mail address, display name "
            "and `telemetry.service` as words it must not be built on. 0 turns the estimate off.",
            Integer(&S::password_min_strength, 0, 4)),
      Entry("mfa.enabled", "RAMPART_MFA_ENABLED", kBoolean, "true",
            "Two-factor sign-in with TOTP: enrolment at `POST /api/v1/users/me/mfa/totp`. Off: no "
            "new enrolments; users already enrolled still sign in with their second factor.",
            Boolean(&S::mfa_enabled)),
      Entry("mfa.encryption_key", "RAMPART_MFA_ENCRYPTION_KEY", kString, "",
            "Key that encrypts TOTP secrets at rest: at least 32 characters of random text "
            "(`openssl rand -base64 32`). Empty: a key generated into `<data_dir>/mfa.key` on "
            "first start, refused in production while `mfa.enabled`. Another key makes the "
            "stored secrets unreadable (their users then need an administrator's 2FA reset).",
            MfaEncryptionKey(), Secrecy::kSecret),
      Entry("mfa.issuer", "RAMPART_MFA_ISSUER", kString, "",
            "This service's name in authenticator apps (the `issuer` of the otpauth URI). Empty "
            "means `telemetry.service`.",
            Text(&S::mfa_issuer)),
      Entry("mfa.challenge_ttl", "RAMPART_MFA_CHALLENGE_TTL", kDuration, "5m",
            "How long the challenge of a login's password step waits for its second step "
            "(30s to 1h).",
            Duration(&S::mfa_challenge_ttl)),
      Entry("mfa.required_for", "RAMPART_MFA_REQUIRED_FOR", kString, "",
            "Comma-separated permissions usable only in sessions signed in with a second factor: "
            "a holder signed in with the password alone gets 403 where they are required, and "
            "keeps self-service (enrolment included). Empty: no such permission.",
            List(&S::mfa_required_for, PermissionEntry)),

      Entry("lockout.max_failures", "RAMPART_LOCKOUT_MAX_FAILURES", kInteger, "5",
            "Consecutive wrong passwords (failed logins, wrong current passwords at "
            "`POST /users/me/password`) that lock an account, or an address without one, out "
            "(1 to 100).",
            Integer(&S::lockout_max_failures, 1, 100)),
      Entry("lockout.base_duration", "RAMPART_LOCKOUT_BASE_DURATION", kDuration, "1m",
            "First lock period; each further failure after a lock doubles it.",
            Duration(&S::lockout_base_duration)),
      Entry("lockout.max_duration", "RAMPART_LOCKOUT_MAX_DURATION", kDuration, "15m",
            "Longest lock period.", Duration(&S::lockout_max_duration)),
      Entry("lockout.reset_after", "RAMPART_LOCKOUT_RESET_AFTER", kDuration, "12h",
            "The failure count restarts after this long without a failed login.",
            Duration(&S::lockout_reset_after)),
      // rampart:end
  });
}

}  // namespace rampart::config
