#include "main/config/setting_codecs.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include "common/ip_network.hpp"
#include "domain/email.hpp"  // rampart:only(iam)
#include "domain/feature.hpp"
#include "domain/permission.hpp"  // rampart:only(iam)
#include "infrastructure/unicode/unicode_email_normaliser.hpp"  // rampart:only(iam)
#include "infrastructure/messaging/mail/mime_text.hpp"
#include "infrastructure/messaging/smtp/smtp_url.hpp"
#include "main/config/database_url.hpp"
#include "main/config/outbound_settings.hpp"

namespace rampart::config::setting_codecs {

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

// rampart:begin(sqlite)
// Validated here, interpreted once every layer is in (see Resolve in load.cpp): empty selects
// the embedded SQLite default, which depends on the final data_dir.
// rampart:else
// // Validated here; empty is refused by the commands (startup_checks): there is no default.
// rampart:end
Codec DatabaseUrlCodec() {
  return {[](std::string_view given, Settings& s) -> Applied {
            // rampart:begin(postgres)
            // A secret in the rotation functions' JSON shape becomes its URL.
            auto raw = DatabaseUrlFromSecret(given);
            if (!raw) return std::unexpected(raw.error());
            // rampart:else
            // std::optional<std::string> raw{std::string(given)};
            // rampart:end
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

// rampart:begin(iam)
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
// rampart:end

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

// rampart:begin(iam)
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
// rampart:end

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
    "http",    "auth",   "db",   "cache", "rate_limit", "mail", "messaging", "audit",
    "usecase", "worker", "main",
    "setup",  // rampart:only(iam)
    "health",  "telemetry", "secrets",
    "redis",  // rampart:only(redis)
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

// rampart:begin(iam)
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
// rampart:end

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

// rampart:begin(redis)
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
// rampart:end

// rampart:begin(iam)
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
// rampart:end

// rampart:begin(sqs)
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
// rampart:end

SettingInfo Entry(std::string_view key, std::string_view env_var, ValueKind kind,
                  std::string_view default_value, std::string_view description, Codec codec,
                  Secrecy secrecy) {
  return SettingInfo{.key = key,
                     .env_var = env_var,
                     .kind = kind,
                     .default_value = default_value,
                     .description = description,
                     .secrecy = secrecy,
                     .apply = std::move(codec.apply),
                     .render = std::move(codec.render)};
}

}  // namespace rampart::config::setting_codecs
