#include "main/config/outbound_settings.hpp"

#include <deque>
#include <string>

#include "main/config/value_parsers.hpp"

namespace rampart::config {

namespace {

using Applied = std::expected<void, std::string>;
using Policy = OutboundPolicy Settings::*;

// Keys and variable names built here must outlive the table (it holds string_views).
std::string_view Keep(std::string text) {
  static std::deque<std::string> kept;
  return kept.emplace_back(std::move(text));
}

SettingInfo Info(std::string_view key, std::string_view env_var, ValueKind kind,
                 std::string_view default_value, std::string_view description,
                 std::function<Applied(std::string_view, Settings&)> apply,
                 std::function<std::string(const Settings&)> render,
                 Secrecy secrecy = Secrecy::kPublic) {
  return SettingInfo{.key = key,
                     .env_var = env_var,
                     .kind = kind,
                     .default_value = default_value,
                     .description = description,
                     .secrecy = secrecy,
                     .apply = std::move(apply),
                     .render = std::move(render)};
}

SettingInfo PolicyDuration(std::string_view key, std::string_view env, std::string_view value,
                           std::string_view description, Policy policy,
                           std::chrono::milliseconds OutboundPolicy::*field) {
  return Info(
      key, env, ValueKind::kDuration, value, description,
      [=](std::string_view raw, Settings& s) -> Applied {
        auto parsed = ParseDuration(raw);
        if (!parsed) return std::unexpected(parsed.error());
        (s.*policy).*field = *parsed;
        return {};
      },
      [=](const Settings& s) { return FormatDuration((s.*policy).*field); });
}

SettingInfo PolicyInteger(std::string_view key, std::string_view env, std::string_view value,
                          std::string_view description, Policy policy, int OutboundPolicy::*field,
                          int min, int max) {
  return Info(
      key, env, ValueKind::kInteger, value, description,
      [=](std::string_view raw, Settings& s) -> Applied {
        auto parsed = ParseInteger(raw, min, max);
        if (!parsed) return std::unexpected(parsed.error());
        (s.*policy).*field = static_cast<int>(*parsed);
        return {};
      },
      [=](const Settings& s) { return std::to_string((s.*policy).*field); });
}

struct PolicyDefaults {
  std::string_view attempt_timeout, timeout, max_attempts, backoff_initial, backoff_max,
      retry_budget, breaker_failures, breaker_open_for, max_concurrent;
};

void AppendPolicy(std::vector<SettingInfo>& table, std::string_view name, std::string_view what,
                  Policy policy, const PolicyDefaults& d) {
  std::string upper(name);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto key = [&](std::string_view field) {
    return Keep("outbound." + std::string(name) + "." + std::string(field));
  };
  const auto env = [&](std::string_view field) {
    std::string tail(field);
    for (auto& c : tail) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Keep("RAMPART_OUTBOUND_" + upper + "_" + tail);
  };
  const auto text = [&](std::string_view sentence) {
    return Keep(std::string(what) + ": " + std::string(sentence));
  };
  using P = OutboundPolicy;
  table.push_back(
      PolicyDuration(key("attempt_timeout"), env("attempt_timeout"), d.attempt_timeout,
                     text("deadline of one attempt (connect, TLS, request and answer)."), policy,
                     &P::attempt_timeout));
  table.push_back(PolicyDuration(key("timeout"), env("timeout"), d.timeout,
                                 text("deadline of a whole call, retries and their pauses "
                                      "included."),
                                 policy, &P::timeout));
  table.push_back(PolicyInteger(key("max_attempts"), env("max_attempts"), d.max_attempts,
                                text("attempts per call (1 to 10; 1: no retry). Only "
                                     "connection failures, timeouts, 5xx and throttling are "
                                     "retried, never another 4xx."),
                                policy, &P::max_attempts, 1, 10));
  table.push_back(PolicyDuration(key("backoff_initial"), env("backoff_initial"), d.backoff_initial,
                                 text("ceiling of the pause before the first retry; it doubles "
                                      "per retry, and each pause is random below it (full "
                                      "jitter)."),
                                 policy, &P::backoff_initial));
  table.push_back(PolicyDuration(key("backoff_max"), env("backoff_max"), d.backoff_max,
                                 text("the most the pause ceiling grows to."), policy,
                                 &P::backoff_max));
  table.push_back(PolicyInteger(key("retry_budget"), env("retry_budget"), d.retry_budget,
                                text("retries allowed per 100 calls (0 to 100), plus one per "
                                     "second and a burst of 10: past it calls fail without "
                                     "retrying, so retries cannot multiply the load on a "
                                     "struggling service."),
                                policy, &P::retry_budget_percent, 0, 100));
  table.push_back(PolicyInteger(key("breaker_failures"), env("breaker_failures"),
                                d.breaker_failures,
                                text("consecutive failed attempts (connection failures, "
                                     "timeouts, 5xx) that open the circuit breaker: calls then "
                                     "fail at once."),
                                policy, &P::breaker_failures, 1, 1000));
  table.push_back(PolicyDuration(key("breaker_open_for"), env("breaker_open_for"),
                                 d.breaker_open_for,
                                 text("how long the breaker stays open before one trial call."),
                                 policy, &P::breaker_open_for));
  table.push_back(PolicyInteger(key("max_concurrent"), env("max_concurrent"), d.max_concurrent,
                                text("calls in progress at once (the bulkhead); beyond it a "
                                     "call fails at once."),
                                policy, &P::max_concurrent, 1, 10'000));
}

// An http(s) URL (an endpoint override or a queue URL); empty allowed. These settings are
// kUrlPassword: a refused value (say, one with user:password@) is never echoed in the error.
std::function<Applied(std::string_view, Settings&)> UrlSetting(std::string Settings::*field,
                                                               bool path_allowed) {
  return [=](std::string_view raw, Settings& s) -> Applied {
    if (!raw.empty()) {
      if (!raw.starts_with("http://") && !raw.starts_with("https://")) {
        return std::unexpected("must be an http:// or https:// URL");
      }
      const auto rest = raw.substr(raw.find("://") + 3);
      const auto slash = rest.find('/');
      const auto authority = rest.substr(0, slash);
      if (authority.empty() || authority.find('@') != std::string_view::npos ||
          raw.find_first_of("?# ") != std::string_view::npos) {
        return std::unexpected("must be http[s]://host[:port] without user, query or fragment");
      }
      if (!path_allowed && slash != std::string_view::npos && rest.substr(slash) != "/") {
        return std::unexpected("must be http[s]://host[:port] without a path");
      }
    }
    s.*field = std::string(raw);
    return {};
  };
}

std::function<std::string(const Settings&)> Render(std::string Settings::*field) {
  return [=](const Settings& s) { return s.*field; };
}

}  // namespace

// rampart:begin(sqs)
std::expected<void, std::string> ValidateQueueUrl(std::string_view text) {
  if (text.empty()) return {};
  Settings scratch;
  if (auto valid = UrlSetting(&Settings::queue_url, true)(text, scratch); !valid) return valid;
  const auto rest = text.substr(text.find("://") + 3);
  const auto slash = rest.find('/');
  const auto path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  const auto middle = path.find('/');
  if (path.empty() || middle == std::string_view::npos || middle == 0 ||
      middle + 1 >= path.size() || path.find('/', middle + 1) != std::string_view::npos) {
    return std::unexpected("must be a queue URL: http[s]://host[:port]/<account id>/<queue name>");
  }
  return {};
}
// rampart:end

void AppendOutboundSettings(std::vector<SettingInfo>& table) {
  using S = Settings;
  table.push_back(Info(
      "outbound.ca_file", "RAMPART_OUTBOUND_CA_FILE", ValueKind::kString, "",
      "PEM bundle of the CAs trusted by outgoing https:// calls (AWS, OTLP); empty means the "
      "system's store. Server certificates and host names are always verified.",
      [](std::string_view raw, Settings& s) -> Applied {
        if (raw.find('\0') != std::string_view::npos) {
          return std::unexpected("contains a NUL character");
        }
        s.outbound_ca_file = std::filesystem::path(raw);
        return {};
      },
      [](const Settings& s) { return s.outbound_ca_file.string(); }));
  // rampart:begin(sqs)
  AppendPolicy(table, "sqs", "SQS", &S::outbound_sqs,
               {"5s", "20s", "4", "100ms", "5s", "20", "5", "10s", "32"});
  // rampart:end
  AppendPolicy(table, "aws_auth",
               "AWS credential endpoints (ECS container credentials, EC2 IMDSv2)",
               &S::outbound_aws_auth, {"1s", "5s", "3", "100ms", "1s", "20", "5", "10s", "4"});
  AppendPolicy(table, "otlp", "OTLP export to an https:// endpoint", &S::outbound_otlp,
               {"2s", "5s", "2", "200ms", "1s", "10", "5", "30s", "4"});
  AppendPolicy(table, "secrets", "Secrets Manager (values of `aws-sm:` settings)",
               &S::outbound_secrets, {"2s", "10s", "3", "100ms", "1s", "20", "5", "10s", "4"});

  table.push_back(Info(
      "aws.region", "AWS_REGION", ValueKind::kString, "",
      "AWS region of the AWS services used, read like every AWS SDK does (`AWS_REGION`, else "
      "`AWS_DEFAULT_REGION`); empty: the region a service's URL names where it names one, else "
      "required when an AWS service is used.",
      [](std::string_view raw, Settings& s) -> Applied {
        const bool valid = std::all_of(raw.begin(), raw.end(), [](char c) {
          return std::islower(static_cast<unsigned char>(c)) ||
                 std::isdigit(static_cast<unsigned char>(c)) || c == '-';
        });
        if (!valid) return std::unexpected("is not an AWS region (e.g. eu-west-1)");
        s.aws_region = std::string(raw);
        return {};
      },
      Render(&S::aws_region)));
  table.push_back(Info("aws.endpoint_url", "AWS_ENDPOINT_URL", ValueKind::kString, "",
                       "Endpoint of every AWS service (an emulator), as the AWS SDKs read it; "
                       "empty: each service's own endpoint.",
                       UrlSetting(&S::aws_endpoint_url, false), Render(&S::aws_endpoint_url),
                       Secrecy::kUrlPassword));
  // rampart:begin(sqs)
  table.push_back(Info("aws.endpoint_url_sqs", "AWS_ENDPOINT_URL_SQS", ValueKind::kString, "",
                       "Endpoint of SQS, before `aws.endpoint_url`; empty: the queue URL's own "
                       "scheme, host and port (so an emulator's queue URL works as it is).",
                       UrlSetting(&S::aws_endpoint_url_sqs, false),
                       Render(&S::aws_endpoint_url_sqs), Secrecy::kUrlPassword));
  // rampart:end
  table.push_back(Info("aws.endpoint_url_secrets_manager", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                       ValueKind::kString, "",
                       "Endpoint of Secrets Manager, before `aws.endpoint_url`; empty: "
                       "`https://secretsmanager.<region>.amazonaws.com`.",
                       UrlSetting(&S::aws_endpoint_url_secrets_manager, false),
                       Render(&S::aws_endpoint_url_secrets_manager), Secrecy::kUrlPassword));
  table.push_back(Info(
      "secrets.ttl", "RAMPART_SECRETS_TTL", ValueKind::kDuration, "5m",
      "How long a value read from Secrets Manager (a secret setting given as "
      "`aws-sm:<secret id or ARN>[#<JSON key>]`) is used before it is read again, in the "
      "background; a failed read keeps the last good value. At least 1s.",
      [](std::string_view raw, Settings& s) -> Applied {
        auto parsed = ParseDuration(raw);
        if (!parsed) return std::unexpected(parsed.error());
        if (*parsed < std::chrono::seconds(1)) return std::unexpected("must be at least 1s");
        s.secrets_ttl = *parsed;
        return {};
      },
      [](const Settings& s) { return FormatDuration(s.secrets_ttl); }));
}

}  // namespace rampart::config
