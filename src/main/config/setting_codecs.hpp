#pragma once
// The value codecs of the setting table: how one setting's text is parsed into Settings and
// rendered back from it (integers, durations, lists, URLs, ...), and Entry, which makes a table
// row of one. Used by the section files setting_table_*.cpp; not part of the config API.
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "main/config/setting_info.hpp"
#include "main/config/value_parsers.hpp"

namespace rampart::config::setting_codecs {

using Applied = std::expected<void, std::string>;

// Codec: how one setting is parsed into Settings and rendered back from it.
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

// Duration: seconds-typed fields refuse "1500ms" rather than silently rounding it.
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

// IsOff returns true for "0" or "off" in any case: the value that switches a DurationOrOff setting
// off.
inline bool IsOff(std::string_view raw) {
  constexpr std::string_view kOff = "off";
  return raw == "0" ||
         std::equal(raw.begin(), raw.end(), kOff.begin(), kOff.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// DurationOrOff: a duration that may also be switched off: IsOff values store zero, rendered "off".
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

// DurationOrZero: a duration that may also be zero ("0", "0ms"), rendered "0ms".
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

Codec Boolean(bool Settings::*field);

Codec Choice(std::string Settings::*field, std::initializer_list<std::string_view> choices);

// Path: a path; `allow_empty` for "empty means derived" settings.
Codec Path(std::filesystem::path Settings::*field, bool allow_empty);

Codec Listen();

// rampart:begin(sqlite)
// DatabaseUrlCodec: validated here, interpreted once every layer is in (see Resolve in load.cpp):
// empty selects the embedded SQLite default, which depends on the final data_dir.
// rampart:else
// // DatabaseUrlCodec: validated here; empty is refused by the commands (startup_checks): there is
// // no default.
// rampart:end
Codec DatabaseUrlCodec();

// rampart:begin(iam)
Codec AdminEmail();

// AdminPassword: any text here; Load checks it against the password policy once the lengths are
// final.
Codec AdminPassword();
// rampart:end

Codec Issuer();

Codec Audience();

Codec Parallelism();  // rampart:only(iam)

// List: a comma-separated list; `validate` checks each entry (its error names the entry).
Codec List(std::vector<std::string> Settings::*field,
           std::function<Applied(std::string_view)> validate);

Applied NetworkEntry(std::string_view entry);

Applied TokenEntry(std::string_view entry);

Codec Text(std::string Settings::*field);

// WholeSecret: `aws-sm:<secret id or ARN>` naming a whole secret (no `#key`: the secret is the
// document), or empty. The value names the secret; it is no secret itself.
Codec WholeSecret(std::string Settings::*field);

Codec Ratio(double Settings::*field);

// OtlpEndpoint: empty (off) or http[s]://host[:port][/path]: OTLP/HTTP to a collector or agent.
Codec OtlpEndpoint();

Codec OptionalHostPort(std::string Settings::*field);

// ComponentLevels: "component=level,component=level".
Codec ComponentLevels();

// rampart:begin(iam)
// MfaEncryptionKey: empty (generated in development), or a key text long enough to be random.
Codec MfaEncryptionKey();

Applied PermissionEntry(std::string_view entry);
// rampart:end

Codec MetricsToken();

// MailFrom: a mailbox: `Name <local@domain>` or `local@domain` (the From header and MAIL FROM).
Codec MailFrom();

// SmtpUrlCodec: empty, or an SMTP URL parsed whole here (errors never hold the URL: it may carry a
// password).
Codec SmtpUrlCodec();

// HeloName: empty, or a domain name with a dot (EHLO's argument, RFC 5321 §4.1.1.1).
Codec HeloName();

// rampart:begin(redis)
// RedisUrlCodec: only the scheme is checked here; the composition root parses the rest when it
// connects. The password must follow a colon (`redis://:password@host`) so that MaskUrlPassword
// hides it.
Codec RedisUrlCodec();
// rampart:end

// rampart:begin(iam)
// SigningAlgorithmCodec: "ES256" or "EdDSA" in any case, kept in the JOSE spelling.
Codec SigningAlgorithmCodec();
// rampart:end

// rampart:begin(sqs)
Codec QueueUrl();

Codec EventsQueueUrl();

Codec QueueWaitTime();
// rampart:end

SettingInfo Entry(std::string_view key, std::string_view env_var, ValueKind kind,
                  std::string_view default_value, std::string_view description, Codec codec,
                  Secrecy secrecy = Secrecy::kPublic);

}  // namespace rampart::config::setting_codecs
