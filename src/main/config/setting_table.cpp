// The table of every setting. To add one: a field in Settings, an entry here (key, variable,
// default, description, codec), then regenerate config/rampart.toml and the table in
// docs/configuration.md (reference_files_test fails until they match).
#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <deque>
#include <vector>

#include "common/ip_network.hpp"
#include "domain/email.hpp"
#include "domain/feature.hpp"
#include "domain/permission.hpp"
#include "infrastructure/unicode/unicode_email_normaliser.hpp"
#include "infrastructure/messaging/local/mime_text.hpp"
#include "infrastructure/messaging/smtp/smtp_url.hpp"
#include "main/config/database_url.hpp"
#include "main/config/outbound_settings.hpp"
#include "main/config/setting_info.hpp"
#include "main/config/value_parsers.hpp"

namespace rampart::config {

namespace {

using Applied = std::expected<void, std::string>;

// How one setting is parsed into Settings and rendered back from it.
struct Codec {
  std::function<Applied(std::string_view, Settings&)> apply;
  std::function<std::string(const Settings&)> render;
};

template <class T>
Codec Integer(T Settings::*field, long long min, long long max) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseInteger(raw, min, max);
            if (!value) return std::unexpected(value.error());
            s.*field = static_cast<T>(*value);
            return {};
          },
          [=](const Settings& s) { return std::to_string(s.*field); }};
}

// Seconds-typed fields refuse "1500ms" rather than silently rounding it.
template <class Rep, class Period>
Codec Duration(std::chrono::duration<Rep, Period> Settings::*field) {
  using Target = std::chrono::duration<Rep, Period>;
  return {[=](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseDuration(raw);
            if (!value) return std::unexpected(value.error());
            const auto converted = std::chrono::duration_cast<Target>(*value);
            if (converted != *value) return std::unexpected("must be a whole number of seconds");
            s.*field = converted;
            return {};
          },
          [=](const Settings& s) {
            return FormatDuration(std::chrono::duration_cast<std::chrono::milliseconds>(s.*field));
          }};
}

// "0" or "off" in any case: the value that switches a DurationOrOff setting off.
bool IsOff(std::string_view raw) {
  constexpr std::string_view kOff = "off";
  return raw == "0" ||
         std::equal(raw.begin(), raw.end(), kOff.begin(), kOff.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// A duration that may also be switched off: IsOff values store zero, rendered "off".
template <class Rep, class Period>
Codec DurationOrOff(std::chrono::duration<Rep, Period> Settings::*field) {
  const Codec on = Duration(field);
  return {[=](std::string_view raw, Settings& s) -> Applied {
            if (!IsOff(raw)) return on.apply(raw, s);
            s.*field = {};
            return {};
          },
          [=](const Settings& s) {
            return (s.*field).count() == 0 ? std::string("off") : on.render(s);
          }};
}

// A duration that may also be zero ("0", "0ms"), rendered "0ms".
template <class Rep, class Period>
Codec DurationOrZero(std::chrono::duration<Rep, Period> Settings::*field) {
  const Codec positive = Duration(field);
  return {[=](std::string_view raw, Settings& s) -> Applied {
            const auto digits = raw.find_first_not_of("0123456789");
            const auto number = raw.substr(0, digits);
            const bool zero =
                !number.empty() && number.find_first_not_of('0') == std::string_view::npos;
            if (!zero) return positive.apply(raw, s);
            // Zero with a valid unit (or none): checked by parsing one of that unit.
            if (auto unit = ParseDuration("1" + std::string(raw.substr(number.size()))); !unit) {
              return std::unexpected(unit.error());
            }
            s.*field = {};
            return {};
          },
          positive.render};
}

Codec Boolean(bool Settings::*field) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseBool(raw);
            if (!value) return std::unexpected(value.error());
            s.*field = *value;
            return {};
          },
          [=](const Settings& s) { return std::string(s.*field ? "true" : "false"); }};
}

Codec Choice(std::string Settings::*field, std::initializer_list<std::string_view> choices) {
  std::vector<std::string_view> options(choices);  // the list itself dies with this call
  return {[=](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseChoice(raw, options);
            if (!value) return std::unexpected(value.error());
            s.*field = std::move(*value);
            return {};
          },
          [=](const Settings& s) { return s.*field; }};
}

// A path; `allow_empty` for "empty means derived" settings.
Codec Path(std::filesystem::path Settings::*field, bool allow_empty) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            if (raw.empty() && !allow_empty) return std::unexpected("must not be empty");
            if (raw.find('\0') != std::string_view::npos) {
              return std::unexpected("contains a NUL character");
            }
            s.*field = std::filesystem::path(raw);
            return {};
          },
          [=](const Settings& s) { return (s.*field).string(); }};
}

Codec Listen() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            auto parsed = ParseHostPort(raw);
            if (!parsed) return std::unexpected(parsed.error());
            s.listen_host = std::move(parsed->host);
            s.listen_port = parsed->port;
            return {};
          },
          [](const Settings& s) { return s.Listen(); }};
}

// Validated here, interpreted once every layer is in (see Resolve in load.cpp): empty selects
// the embedded SQLite default, which depends on the final data_dir.
Codec DatabaseUrlCodec() {
  return {[](std::string_view given, Settings& s) -> Applied {
            // A secret in the rotation functions' JSON shape becomes its URL.
            auto raw = DatabaseUrlFromSecret(given);
            if (!raw) return std::unexpected(raw.error());
            if (!raw->empty()) {
              if (auto parsed = ParseDatabaseUrl(*raw); !parsed) {
                return std::unexpected(parsed.error());
              }
            }
            s.database_url = std::move(*raw);
            return {};
          },
          [](const Settings& s) { return s.database_url; }};
}

Codec AdminEmail() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            // The same normal form as every other address (application::ParseEmail).
            auto normalised = infrastructure::UnicodeEmailNormaliser().Normalise(raw);
            auto email = normalised ? domain::Email::ParseNormalised(*normalised)
                                    : domain::Result<domain::Email>(domain::Fail(normalised.error()));
            if (!email) {
              const auto& fields = email.error().fields;
              return std::unexpected("is not a valid e-mail address" +
                                     (fields.empty() ? "" : " (" + fields.front().message + ")"));
            }
            s.admin_email = email->value();
            return {};
          },
          [](const Settings& s) { return s.admin_email; }};
}

// Any text here; Load checks it against the password policy once the lengths are final.
Codec AdminPassword() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            s.admin_password = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.admin_password; }};
}

Codec Issuer() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty()) {
              if (auto valid = ValidateIssuerUrl(raw); !valid) return valid;
            }
            s.issuer = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.issuer; }};
}

Codec Audience() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            const bool printable = std::all_of(
                raw.begin(), raw.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
            if (raw.empty() || !printable) {
              return std::unexpected("must be non-empty printable text without spaces");
            }
            s.audience = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.audience; }};
}

Codec Parallelism() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseInteger(raw, 1, 1);
            if (!value) {
              return std::unexpected("must be 1: libsodium's Argon2id supports parallelism 1 only");
            }
            s.argon2_parallelism = 1;
            return {};
          },
          [](const Settings& s) { return std::to_string(s.argon2_parallelism); }};
}

// A comma-separated list; `validate` checks each entry (its error names the entry).
Codec List(std::vector<std::string> Settings::*field,
           std::function<Applied(std::string_view)> validate) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            std::vector<std::string> entries = SplitList(raw);
            for (const auto& entry : entries) {
              if (auto valid = validate(entry); !valid) {
                return std::unexpected("has an entry \"" + entry + "\" that " + valid.error());
              }
            }
            s.*field = std::move(entries);
            return {};
          },
          [=](const Settings& s) {
            std::string joined;
            for (const auto& entry : s.*field) joined += (joined.empty() ? "" : ",") + entry;
            return joined;
          }};
}

Applied NetworkEntry(std::string_view entry) {
  if (net::IpNetwork::Parse(entry)) return {};
  return std::unexpected(
      "is not an IP address or CIDR network with zero host bits (e.g. 10.0.0.0/8, ::1)");
}

Applied TokenEntry(std::string_view entry) {
  if (IsHttpToken(entry)) return {};
  return std::unexpected("is not an HTTP method or header name");
}

Codec Text(std::string Settings::*field) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            const bool printable = std::all_of(
                raw.begin(), raw.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
            if (!printable) return std::unexpected("must be printable ASCII text");
            s.*field = std::string(raw);
            return {};
          },
          [=](const Settings& s) { return s.*field; }};
}

// `aws-sm:<secret id or ARN>` naming a whole secret (no `#key`: the secret is the document),
// or empty. The value names the secret; it is no secret itself.
Codec WholeSecret(std::string Settings::*field) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty()) {
              const bool printable = std::all_of(
                  raw.begin(), raw.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
              if (!printable || !raw.starts_with(kSecretsManagerPrefix) ||
                  raw.size() == kSecretsManagerPrefix.size()) {
                return std::unexpected("must be aws-sm:<secret id or ARN> (or empty)");
              }
              if (raw.find('#') != std::string_view::npos) {
                return std::unexpected("names a whole secret: aws-sm:<secret id or ARN>, no #key");
              }
            }
            s.*field = std::string(raw);
            return {};
          },
          [=](const Settings& s) { return s.*field; }};
}

Codec Ratio(double Settings::*field) {
  return {
      [=](std::string_view raw, Settings& s) -> Applied {
        double value = -1;
        const auto [end, error] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
        if (error != std::errc() || end != raw.data() + raw.size() || !(value >= 0) || value > 1) {
          return std::unexpected("is not a ratio between 0 and 1 (e.g. 0.1)");
        }
        s.*field = value;
        return {};
      },
      [=](const Settings& s) { return fmt::format("{}", s.*field); }};
}

// Empty (off) or http[s]://host[:port][/path]: OTLP/HTTP to a collector or agent.
Codec OtlpEndpoint() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty()) {
              const std::string_view scheme = raw.starts_with("https://") ? "https://" : "http://";
              if (!raw.starts_with(scheme)) {
                return std::unexpected(
                    "must be an http:// or https:// URL of an OTLP/HTTP receiver (a collector "
                    "or agent)");
              }
              const auto rest = raw.substr(scheme.size());
              const auto authority = rest.substr(0, rest.find('/'));
              if (authority.empty() || rest.find_first_of("?# ") != std::string_view::npos) {
                return std::unexpected("must be http[s]://host[:port][/path] without query");
              }
            }
            s.otlp_endpoint = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.otlp_endpoint; }};
}

Codec OptionalHostPort(std::string Settings::*field) {
  return {[=](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty()) {
              auto parsed = ParseHostPort(raw);
              if (!parsed) return std::unexpected(parsed.error());
              if (parsed->port == 0) return std::unexpected("needs a port other than 0");
            }
            s.*field = std::string(raw);
            return {};
          },
          [=](const Settings& s) { return s.*field; }};
}

// The components that log (the `logger` field of a line).
constexpr std::string_view kLogComponents[] = {
    "http",  "auth",    "db",     "cache", "redis", "rate_limit", "mail",      "messaging",
    "audit", "usecase", "worker", "main",  "setup", "health",     "telemetry", "secrets",
};

// "component=level,component=level".
Codec ComponentLevels() {
  return {
      [](std::string_view raw, Settings& s) -> Applied {
        std::vector<std::pair<std::string, std::string>> levels;
        std::size_t start = 0;
        while (start < raw.size()) {
          auto comma = raw.find(',', start);
          if (comma == std::string_view::npos) comma = raw.size();
          const auto item = raw.substr(start, comma - start);
          start = comma + 1;
          if (item.empty()) continue;
          const auto equals = item.find('=');
          if (equals == 0 || equals == std::string_view::npos) {
            return std::unexpected("is not a list of component=level (e.g. http=warn,db=debug)");
          }
          auto level = item.substr(equals + 1);
          static constexpr std::string_view kLevels[] = {"trace", "debug", "info",
                                                         "warn",  "error", "off"};
          if (std::find(std::begin(kLevels), std::end(kLevels), level) == std::end(kLevels)) {
            return std::unexpected(
                "has a level that is not trace, debug, info, warn, error or off");
          }
          const auto component = item.substr(0, equals);
          if (std::find(std::begin(kLogComponents), std::end(kLogComponents), component) ==
              std::end(kLogComponents)) {
            std::string known;
            for (const auto name : kLogComponents)
              known += (known.empty() ? "" : ", ") + std::string(name);
            return std::unexpected("names a component \"" + std::string(component) +
                                   "\" that does not log (components: " + known + ")");
          }
          levels.emplace_back(std::string(component), std::string(level));
        }
        s.log_component_levels = std::move(levels);
        return {};
      },
      [](const Settings& s) {
        std::string out;
        for (const auto& [component, level] : s.log_component_levels) {
          if (!out.empty()) out.push_back(',');
          out += component + "=" + level;
        }
        return out;
      }};
}

// Empty (generated in development), or a key text long enough to be random.
Codec MfaEncryptionKey() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty() && raw.size() < 32) {
              return std::unexpected("must be at least 32 characters (openssl rand -base64 32)");
            }
            s.mfa_encryption_key = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.mfa_encryption_key; }};
}

Applied PermissionEntry(std::string_view entry) {
  if (domain::IsKnownPermission(entry)) return {};
  return std::unexpected("is not a permission of the catalogue (GET /api/v1/permissions)");
}

Codec MetricsToken() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty() && raw.size() < 16) {
              return std::unexpected("must be at least 16 characters");
            }
            s.metrics_token = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.metrics_token; }};
}

// A mailbox: `Name <local@domain>` or `local@domain` (the From header and MAIL FROM).
Codec MailFrom() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (auto mailbox = infrastructure::messaging::ParseMailbox(raw); !mailbox) {
              return std::unexpected(mailbox.error());
            }
            s.mail_from = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.mail_from; }};
}

// Empty, or an SMTP URL parsed whole here (errors never hold the URL: it may carry a password).
Codec SmtpUrlCodec() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (!raw.empty()) {
              if (auto endpoint = infrastructure::smtp::ParseSmtpUrl(raw); !endpoint) {
                return std::unexpected(endpoint.error());
              }
            }
            s.smtp_url = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.smtp_url; }};
}

// Empty, or a domain name with a dot (EHLO's argument, RFC 5321 §4.1.1.1).
Codec HeloName() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            const bool domain = raw.find('.') != std::string_view::npos && !raw.starts_with('.') &&
                                !raw.ends_with('.') &&
                                std::all_of(raw.begin(), raw.end(), [](unsigned char c) {
                                  return std::isalnum(c) || c == '.' || c == '-';
                                });
            if (!raw.empty() && !domain) {
              return std::unexpected("must be empty or a fully qualified domain name");
            }
            s.smtp_helo_name = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.smtp_helo_name; }};
}

// Only the scheme is checked here; the composition root parses the rest when it connects.
// The password must follow a colon (`redis://:password@host`) so that MaskUrlPassword hides it.
Codec RedisUrlCodec() {
  return {
      [](std::string_view raw, Settings& s) -> Applied {
        if (!raw.empty()) {
          if (!raw.starts_with("redis://") && !raw.starts_with("rediss://")) {
            return std::unexpected("must start with redis:// or rediss://");
          }
          const auto authority = raw.substr(raw.find("://") + 3);
          const auto at = authority.substr(0, authority.find('/')).rfind('@');
          if (at != std::string_view::npos &&
              authority.substr(0, at).find(':') == std::string_view::npos) {
            return std::unexpected("must give the password after a colon: redis://:password@host");
          }
        }
        s.redis_url = std::string(raw);
        return {};
      },
      [](const Settings& s) { return s.redis_url; }};
}

// "ES256" or "EdDSA" in any case, kept in the JOSE spelling.
Codec SigningAlgorithmCodec() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            static constexpr std::string_view kChoices[] = {"es256", "eddsa"};
            auto value = ParseChoice(raw, kChoices);
            if (!value) return std::unexpected(std::string("is not ES256 or EdDSA"));
            s.signing_algorithm = *value == "es256" ? "ES256" : "EdDSA";
            return {};
          },
          [](const Settings& s) { return s.signing_algorithm; }};
}

Codec QueueUrl() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (auto valid = ValidateQueueUrl(raw); !valid) return valid;
            s.queue_url = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.queue_url; }};
}

Codec EventsQueueUrl() {
  return {[](std::string_view raw, Settings& s) -> Applied {
            if (auto valid = ValidateQueueUrl(raw); !valid) return valid;
            s.events_queue_url = std::string(raw);
            return {};
          },
          [](const Settings& s) { return s.events_queue_url; }};
}

Codec QueueWaitTime() {
  const Codec seconds = Duration(&Settings::queue_wait_time);
  return {[=](std::string_view raw, Settings& s) -> Applied {
            if (auto applied = seconds.apply(raw, s); !applied) return applied;
            if (s.queue_wait_time > std::chrono::seconds(20)) {
              return std::unexpected("must be at most 20s (SQS's longest long poll)");
            }
            return {};
          },
          seconds.render};
}

SettingInfo Entry(std::string_view key, std::string_view env_var, ValueKind kind,
                  std::string_view default_value, std::string_view description, Codec codec,
                  Secrecy secrecy = Secrecy::kPublic) {
  return SettingInfo{.key = key,
                     .env_var = env_var,
                     .kind = kind,
                     .default_value = default_value,
                     .description = description,
                     .secrecy = secrecy,
                     .apply = std::move(codec.apply),
                     .render = std::move(codec.render)};
}

// --- feature flags (docs/configuration.md#feature-flags) --------------------------------------
// One boolean setting per flag of the catalogue (domain/feature.hpp): `features.<name>`,
// RAMPART_FEATURES_<NAME> (dots become underscores), the catalogue's default and description.

Codec FeatureCodec(domain::Feature feature) {
  const auto index = static_cast<std::size_t>(feature);
  return {[=](std::string_view raw, Settings& s) -> Applied {
            auto value = ParseBool(raw);
            if (!value) return std::unexpected(value.error());
            s.features[index] = *value;
            return {};
          },
          [=](const Settings& s) { return std::string(s.features[index] ? "true" : "false"); }};
}

void AppendFeatureFlags(std::vector<SettingInfo>& table) {
  // SettingInfo holds views: the generated names live as long as the table (built once).
  static std::deque<std::string> names;
  table.push_back(Entry(
      "features.source", "RAMPART_FEATURES_SOURCE", ValueKind::kString, "",
      "`aws-sm:<secret id or ARN>`: an AWS Secrets Manager secret holding a JSON object of flag "
      "values, e.g. `{\"registration.open\": false}`, over every configuration layer for the "
      "flags it names; read at start and at each reload (`reload.interval`, SIGHUP). A secret "
      "naming an unknown flag or a non-boolean is refused (logged) and the flags keep their "
      "values. Empty: the configuration layers only.",
      WholeSecret(&Settings::features_source)));
  for (const auto& info : domain::FeatureCatalogue()) {
    const std::string& key = names.emplace_back("features." + std::string(info.name));
    std::string variable = "RAMPART_FEATURES_" + std::string(info.name);
    for (char& c : variable) c = c == '.' ? '_' : static_cast<char>(std::toupper(c));
    const std::string& env_var = names.emplace_back(std::move(variable));
    table.push_back(Entry(key, env_var, ValueKind::kBoolean, info.default_value ? "true" : "false",
                          info.description, FeatureCodec(info.feature)));
  }
}
// --- end of feature flags ---

std::vector<SettingInfo> BuildTable() {
  using enum ValueKind;
  using S = Settings;
  std::vector<SettingInfo> table{
      Entry("env", "RAMPART_ENV", kString, "development",
            "Deployment environment: development, staging or production. Selects the file "
            "`rampart.<env>.toml`; production refuses to start with insecure settings.",
            Choice(&S::env, {"development", "staging", "production"})),
      Entry("data_dir", "RAMPART_DATA_DIR", kString, "./data",
            "Directory for local state: the embedded SQLite database and generated signing keys.",
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
            "Threads for blocking work (database, password hashing); 0 means one per usable CPU "
            "(as `server.io_threads`), on PostgreSQL at least `database.pool.max_size`.",
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
      Entry("rate_limit.auth_limit", "RAMPART_RATE_LIMIT_AUTH_LIMIT", kInteger, "10",
            "Login, register and forgot-password requests per `rate_limit.auth_window` from one "
            "client IP (on top of the per-IP limit).",
            Integer(&S::rate_limit_auth_limit, 1, 1'000'000)),
      Entry("rate_limit.auth_window", "RAMPART_RATE_LIMIT_AUTH_WINDOW", kDuration, "1m",
            "Window of the auth limit (at most 1d).", Duration(&S::rate_limit_auth_window)),
      Entry("rate_limit.max_keys", "RAMPART_RATE_LIMIT_MAX_KEYS", kInteger, "100000",
            "Buckets the in-process store keeps (least recently used dropped beyond it).",
            Integer(&S::rate_limit_max_keys, 1, 100'000'000)),
      Entry("rate_limit.shared", "RAMPART_RATE_LIMIT_SHARED", kBoolean, "true",
            "With `redis.url` set, keep the buckets in Redis so that every instance enforces one "
            "limit (each falls back to its own in-process limits while Redis is unavailable). "
            "False keeps them in process even with Redis.",
            Boolean(&S::rate_limit_shared)),

      Entry("database.url", "RAMPART_DATABASE_URL", kString, "",
            "Database to use: `sqlite://<path>` (relative, or `sqlite:///abs/path.db`) or "
            "`postgresql://user:password@host:5432/db`. Empty means "
            "`sqlite://<data_dir>/rampart.db`.",
            DatabaseUrlCodec(), Secrecy::kUrlPassword),
      Entry("database.password", "RAMPART_DATABASE_PASSWORD", kString, "",
            "PostgreSQL: the password, replacing any in `database.url`; e.g. "
            "`aws-sm:<RDS-managed secret>#password`, which then rotates without a restart "
            "(docs/postgres.md#password-rotation). Empty: the URL's own, or libpq's `PGPASSWORD`.",
            Text(&S::database_password), Secrecy::kSecret),
      Entry("database.allow_sqlite_in_production", "RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION",
            kBoolean, "false",
            "Let `env = production` run on SQLite (for a single instance with a local disk only).",
            Boolean(&S::allow_sqlite_in_production)),
      Entry("database.auto_migrate", "RAMPART_DATABASE_AUTO_MIGRATE", kBoolean, "true",
            "`rampart serve` applies pending migrations at start. false: it refuses to start on "
            "a schema older than it needs, and migrations run only through `rampart migrate` "
            "(a deploy step of its own; see docs/operations.md#upgrades-and-rollback).",
            Boolean(&S::database_auto_migrate)),
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

      Entry("admin.email", "RAMPART_ADMIN_EMAIL", kString, "admin@localhost",
            "E-mail of the first administrator, created at start when no administrator exists.",
            AdminEmail()),
      Entry("admin.password", "RAMPART_ADMIN_PASSWORD", kString, "",
            "Password of that first administrator; empty means generate one and print it once "
            "(stderr), except in production, which never prints one: there no administrator is "
            "created until you set this or run `rampart admin create`. Must satisfy the "
            "password policy.",
            AdminPassword(), Secrecy::kSecret),

      Entry(
          "auth.issuer", "RAMPART_JWT_ISSUER", kString, "",
          "The `iss` claim of access tokens and the OpenID issuer (an http(s) URL without query). "
          "Empty means `http://<server.listen>`; production requires https.",
          Issuer()),
      Entry("auth.audience", "RAMPART_JWT_AUDIENCE", kString, "rampart",
            "The `aud` claim of access tokens.", Audience()),
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
      Entry("auth.clock_skew", "RAMPART_JWT_CLOCK_SKEW", kDuration, "30s",
            "Clock difference tolerated when checking `exp`, `nbf` and `iat`. A retired signing "
            "key stays in the JWKS for `auth.access_token_ttl` + this + `reload.interval`.",
            Duration(&S::clock_skew)),
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

      Entry("mail.from", "RAMPART_MAIL_FROM", kString, "rampart <no-reply@localhost>",
            "From of the verification and password-reset mails: `Name <address>` or an address. "
            "The name may be UTF-8 (sent as RFC 2047 encoded words); the address (ASCII) is "
            "also the SMTP envelope sender (MAIL FROM).",
            MailFrom()),
      Entry("mail.public_base_url", "RAMPART_MAIL_PUBLIC_BASE_URL", kString, "",
            "Base of the links in mails: `<base>/verify-email?token=...` and "
            "`<base>/reset-password?token=...`. Empty means `auth.issuer`: this service's own "
            "pages at those paths (HTML forms that post the token). Point it at your front end "
            "to handle the links there; production requires https.",
            Text(&S::mail_public_base_url)),
      Entry("mail.verify_email_ttl", "RAMPART_MAIL_VERIFY_EMAIL_TTL", kDuration, "24h",
            "How long an e-mail verification link works.", Duration(&S::mail_verify_email_ttl)),
      Entry("mail.reset_password_ttl", "RAMPART_MAIL_RESET_PASSWORD_TTL", kDuration, "30m",
            "How long a password-reset link works.", Duration(&S::mail_reset_password_ttl)),
      Entry("outbox.dispatch_interval", "RAMPART_OUTBOX_DISPATCH_INTERVAL", kDuration, "200ms",
            "How often the outbox dispatcher looks for messages to publish, and the mail "
            "pickup consumer for messages on the embedded queue.",
            Duration(&S::outbox_dispatch_interval)),
      Entry("outbox.batch", "RAMPART_OUTBOX_BATCH", kInteger, "100",
            "Most outbox messages published per dispatcher pass.",
            Integer(&S::outbox_batch, 1, 10'000)),
      Entry("outbox.max_attempts", "RAMPART_OUTBOX_MAX_ATTEMPTS", kInteger, "5",
            "Attempts to publish an outbox message the queue refuses for good (the sender's "
            "fault: too large, malformed) before it is marked dead: kept with its error, "
            "counted (`rampart_outbox_dead`, GET /health) and no longer holding back its "
            "aggregate. A queue that is unreachable never kills a message.",
            Integer(&S::outbox_max_attempts, 1, 1000)),
      Entry("queue.max_receives", "RAMPART_QUEUE_MAX_RECEIVES", kInteger, "5",
            "Embedded queue: a message received this many times without being deleted goes to "
            "the dead-letter table (SQS maxReceiveCount).",
            Integer(&S::queue_max_receives, 1, 1000)),
      Entry("queue.visibility_timeout", "RAMPART_QUEUE_VISIBILITY_TIMEOUT", kDuration, "30s",
            "How long a message received by the mail consumer stays invisible before it is "
            "delivered again (SQS: the receive's VisibilityTimeout, whole seconds).",
            Duration(&S::queue_visibility_timeout)),
      Entry("queue.url", "RAMPART_QUEUE_URL", kString, "",
            "An Amazon SQS queue URL (or an emulator's): the outbox publishes to it and the mail "
            "consumer reads from it; a URL ending in `.fifo` is a FIFO queue. Empty: the "
            "embedded queue. Credentials, region and endpoint as `aws.*` (docs/messaging.md).",
            QueueUrl(), Secrecy::kUrlPassword),
      Entry("queue.wait_time", "RAMPART_QUEUE_WAIT_TIME", kDuration, "10s",
            "SQS long polling: how long a receive waits for a message (1s to 20s). Shutdown "
            "waits for at most this much for a receive in progress.",
            QueueWaitTime()),
      // Domain events (docs/events.md).
      Entry("events.queue_url", "RAMPART_EVENTS_QUEUE_URL", kString, "",
            "An Amazon SQS queue URL (or an emulator's) for the domain events: every "
            "security-relevant change to a user or a role is published to it as a CloudEvents "
            "1.0 JSON message (`rampart.user.registered`, ...); a URL ending in `.fifo` is a "
            "FIFO queue (group = the user or role, deduplication id = the event id). Empty: an "
            "embedded queue of their own (`<data dir>/events.sqlite3`). Credentials, region "
            "and endpoint as `aws.*`.",
            EventsQueueUrl(), Secrecy::kUrlPassword),
      Entry("events.source", "RAMPART_EVENTS_SOURCE", kString, "",
            "The CloudEvents `source` attribute of the domain events (a URI reference naming "
            "this service). Empty: `auth.issuer`.",
            Text(&S::events_source)),

      Entry("audit.retention", "RAMPART_AUDIT_RETENTION", kDuration, "off",
            "How long audit events are kept: older ones are deleted by a background job in "
            "every `rampart serve` (at start, then every `audit.prune_interval`). `off` (or 0) "
            "keeps every event, as Keycloak does unless an expiration is set; e.g. `400d` keeps "
            "13 months (PCI DSS asks for 12). See docs/audit.md.",
            DurationOrOff(&S::audit_retention)),
      Entry("audit.prune_interval", "RAMPART_AUDIT_PRUNE_INTERVAL", kDuration, "1h",
            "How often the retention job looks for audit events older than `audit.retention`.",
            Duration(&S::audit_prune_interval)),
      Entry("audit.prune_batch", "RAMPART_AUDIT_PRUNE_BATCH", kInteger, "1000",
            "Most audit events deleted per transaction by the retention job (1 to 100000): "
            "each batch is a short transaction of its own, so requests never wait long behind "
            "it.",
            Integer(&S::audit_prune_batch, 1, 100'000)),

      Entry("api_keys.usage_flush_interval", "RAMPART_API_KEYS_USAGE_FLUSH_INTERVAL", kDuration,
            "1m",
            "How often each instance writes the API keys' last use (`lastUsedAt`, `lastUsedIp`): "
            "uses are collected in memory and written in one transaction per interval (and at "
            "shutdown), never per request. See docs/security.md#api-keys.",
            Duration(&S::api_keys_usage_flush_interval)),

      Entry("smtp.url", "RAMPART_SMTP_URL", kString, "",
            "The mail relay: `smtp://[user[:password]@]host[:port]` (port 587; STARTTLS per "
            "`smtp.starttls`) or `smtps://...` (port 465, TLS from the first byte); reserved "
            "characters in the user and password percent-encoded. Empty: mails are written as "
            "`.eml` files into `<data_dir>/mail` (development), which production refuses unless "
            "`smtp.allow_pickup_in_production`. See docs/messaging.md.",
            SmtpUrlCodec(), Secrecy::kUrlPassword),
      Entry("smtp.starttls", "RAMPART_SMTP_STARTTLS", kString, "when_offered",
            "STARTTLS on an `smtp://` relay: `when_offered` upgrades when the server offers it "
            "(and goes on in clear text when it does not), `required` refuses to send anything, "
            "credentials or mail, over a connection that was not upgraded. The certificate and "
            "host name are always verified.",
            Choice(&S::smtp_starttls, {"when_offered", "required"})),
      Entry("smtp.allow_plaintext_auth", "RAMPART_SMTP_ALLOW_PLAINTEXT_AUTH", kBoolean, "false",
            "Send the URL's credentials (AUTH PLAIN/LOGIN) over a connection that is not "
            "encrypted. Off: such a session is refused, so a man in the middle who strips "
            "STARTTLS learns nothing; only for a relay on the same host or a trusted network.",
            Boolean(&S::smtp_allow_plaintext_auth)),
      Entry("smtp.ca_file", "RAMPART_SMTP_CA_FILE", kString, "",
            "PEM bundle of the CAs trusted for the relay's certificate; empty means the "
            "system's store. Read at start: a file that cannot be read stops the start.",
            Path(&S::smtp_ca_file, true)),
      Entry("smtp.helo_name", "RAMPART_SMTP_HELO_NAME", kString, "",
            "The name this service gives in EHLO (a fully qualified domain name). Empty: the "
            "host name when it is one, else the connection's address literal (`[10.0.1.5]`).",
            HeloName()),
      Entry("smtp.connect_timeout", "RAMPART_SMTP_CONNECT_TIMEOUT", kDuration, "10s",
            "Time to resolve the relay, connect and (smtps://) finish the TLS handshake.",
            Duration(&S::smtp_connect_timeout)),
      Entry("smtp.greeting_timeout", "RAMPART_SMTP_GREETING_TIMEOUT", kDuration, "30s",
            "Time the relay has to send its 220 greeting after the connection.",
            Duration(&S::smtp_greeting_timeout)),
      Entry("smtp.command_timeout", "RAMPART_SMTP_COMMAND_TIMEOUT", kDuration, "30s",
            "Time the relay has to answer each command (EHLO, STARTTLS and its handshake, AUTH, "
            "MAIL, RCPT, DATA, RSET).",
            Duration(&S::smtp_command_timeout)),
      Entry("smtp.data_timeout", "RAMPART_SMTP_DATA_TIMEOUT", kDuration, "60s",
            "Time to send a message and get the relay's answer to its end. Every step of a "
            "mail also ends when its queue lease does (nine tenths of "
            "`queue.visibility_timeout`): a mail is never still being sent when the queue may "
            "hand it out again.",
            Duration(&S::smtp_data_timeout)),
      Entry("smtp.allow_pickup_in_production", "RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION", kBoolean,
            "false",
            "Let production start without `smtp.url`, writing mails as `.eml` files into "
            "`<data_dir>/mail` only (for a process that collects them there). Off: production "
            "refuses to start, since no mail would reach anyone.",
            Boolean(&S::smtp_allow_pickup_in_production)),

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
      Entry("cache.enabled", "RAMPART_CACHE_ENABLED", kBoolean, "true",
            "Cache-aside for users, sessions and permissions (the identity cache). false sends "
            "every token check, permission look-up and /users/me to the database: for "
            "benchmarks and debugging. The verified-token cache is separate "
            "(cache.verified_tokens).",
            Boolean(&S::cache_enabled)),
      Entry("cache.max_entries", "RAMPART_CACHE_MAX_ENTRIES", kInteger, "100000",
            "Most entries of the in-process cache (least recently used ones are dropped).",
            Integer(&S::cache_max_entries, 1, 100'000'000)),
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
            "Per-component levels overriding `log.level`, e.g. `http=warn,db=debug` (components: "
            "http, auth, db, cache, redis, rate_limit, mail, messaging, audit, usecase, worker, "
            "main, setup, health, telemetry, secrets).",
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
            "Database statements (SQLite and PostgreSQL) taking at least this long are logged "
            "(warn, component `db`) with their SQL or statement name and duration; 0 turns the "
            "log off.",
            DurationOrOff(&S::slow_query_threshold)),

      // --- reload of keys and flags without a restart (docs/configuration.md#reload) ---
      Entry("reload.interval", "RAMPART_RELOAD_INTERVAL", kDuration, "10s",
            "How often a running `rampart serve` reads the signing keys (a rotation by another "
            "instance or by `rampart keys`) and the feature flags (`features.*` in the "
            "configuration files) again; SIGHUP does it at once. `off`: only on SIGHUP.",
            DurationOrOff(&S::reload_interval)),
  };
  AppendFeatureFlags(table);
  AppendOutboundSettings(table);
  return table;
}

}  // namespace

const std::vector<SettingInfo>& AllSettings() {
  static const std::vector<SettingInfo> table = BuildTable();
  return table;
}

const SettingInfo* FindSetting(std::string_view key) {
  const auto& table = AllSettings();
  const auto found =
      std::find_if(table.begin(), table.end(), [&](const SettingInfo& s) { return s.key == key; });
  return found == table.end() ? nullptr : &*found;
}

}  // namespace rampart::config
