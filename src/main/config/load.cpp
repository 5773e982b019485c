#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "common/usable_cores.hpp"
// rampart:begin(iam)
#include "domain/email.hpp"
#include "domain/password_policy.hpp"
// rampart:end
#include "main/config/config.hpp"
#include "main/config/database_url.hpp"  // rampart:only(sqlite)
#include "main/config/layers.hpp"
#include "main/config/unknown_variables.hpp"
#include "main/config/value_parsers.hpp"

extern char** environ;  // POSIX; declared by no standard header

namespace rampart::config {

namespace {

constexpr std::string_view kEnvKey = "env";

// rampart:begin(iam)
bool IsDefault(const Settings& s, std::string_view key) {
  return s.origins.find(key)->second.kind == Origin::Kind::kDefault;
}
// rampart:end

Settings WithDefaults() {
  Settings s;
  for (const auto& info : AllSettings()) {
    if (auto applied = info.apply(info.default_value, s); !applied) {
      // The table is code: reference_files_test and load_test parse every default.
      throw std::logic_error(DescribeFailure(info, Origin{}, info.default_value, applied.error()));
    }
    s.origins[std::string(info.key)] = Origin{};
  }
  return s;
}

// The environment that selects rampart.<env>.toml: the last word among the base file,
// RAMPART_ENV and an "env" override (environment files cannot choose themselves).
std::expected<std::string, std::string> SelectEnvironment(const std::vector<const Layer*>& layers) {
  const SettingInfo& info = *FindSetting(kEnvKey);
  const Assignment* chosen = nullptr;
  for (const Layer* layer : layers) {
    for (const auto& assignment : *layer) {
      if (assignment.info == &info) chosen = &assignment;
    }
  }
  Settings probe;
  const std::string_view raw = chosen ? std::string_view(chosen->value) : info.default_value;
  if (auto applied = info.apply(raw, probe); !applied) {
    return std::unexpected(
        DescribeFailure(info, chosen ? chosen->origin : Origin{}, raw, applied.error()));
  }
  return probe.env;
}

// 0 means the CPUs this process may use: its affinity mask and cgroup quota, not the machine's.
int ThreadsOrCores(int configured) {
  if (configured > 0) return configured;
  return UsableCores();
}

// Fills in what defaults to other settings, once every layer is applied.
void Resolve(Settings& s) {
  s.io_threads = ThreadsOrCores(s.io_threads);
  // rampart:begin(sqlite)
  if (s.database_url.empty()) s.database_url = DefaultSqliteUrl(s.data_dir);
  // Validated when applied (and the default is well-formed), so this cannot fail.
  const auto database = ParseDatabaseUrl(s.database_url);
  s.database_is_sqlite = database && database->is_sqlite;
  s.sqlite_path = database ? database->sqlite_path : std::filesystem::path();
  // rampart:else
  // // database.url has no default: serve, migrate and config check refuse an empty one
  // // (startup_checks).
  // rampart:end
  // rampart:begin(postgres)
  // On PostgreSQL a worker spends most of a request parked on a network round trip: one per
  // pooled connection keeps the pool busy (and none waits for a connection).
  // rampart:begin(sqlite)
  if (s.worker_threads == 0 && !s.database_is_sqlite) {
  // rampart:else
  // if (s.worker_threads == 0) {
  // rampart:end
    s.worker_threads = std::max(ThreadsOrCores(0), s.database_pool_max_size);
  }
  // rampart:end
  s.worker_threads = ThreadsOrCores(s.worker_threads);
  // rampart:begin(iam)
  s.argon2_max_concurrent = ThreadsOrCores(s.argon2_max_concurrent);
  if (s.issuer.empty()) s.issuer = "http://" + s.Listen();
  // The links in mails open this service's own pages unless a front end takes them over.
  if (s.mail_public_base_url.empty()) s.mail_public_base_url = s.issuer;
  if (s.keys_dir.empty()) s.keys_dir = s.data_dir / "keys";
  // rampart:else
  // // auth.issuer is the external issuer's: no default (serve refuses an empty one).
  // rampart:end
  if (s.service_env.empty()) s.service_env = s.env;
  if (s.service_version.empty()) s.service_version = RAMPART_VERSION;
}

std::string Fault(const Settings& s, std::string_view key, std::string_view reason) {
  return DescribeSetting(s, key, reason);
}

// Rules that involve more than one setting, every one that fails. The message blames the
// setting that was set away from its default (the other one is then the user's baseline).
void CrossCheck(const Settings& s, std::vector<Problem>& problems) {
  const auto fail = [&](std::string_view key, std::string_view reason) {
    problems.push_back({std::string(key), Fault(s, key, reason)});
  };
  // rampart:begin(iam)
  if (s.password_min_length > s.password_max_length) {
    if (!IsDefault(s, "password.min_length") || IsDefault(s, "password.max_length")) {
      fail("password.min_length",
           fmt::format("is greater than password.max_length ({})", s.password_max_length));
    } else {
      fail("password.max_length",
           fmt::format("is less than password.min_length ({})", s.password_min_length));
    }
  }
  if (s.refresh_idle_ttl > s.session_max_lifetime) {
    const auto as_text = [](std::chrono::seconds d) {
      return FormatDuration(std::chrono::duration_cast<std::chrono::milliseconds>(d));
    };
    if (!IsDefault(s, "auth.refresh_idle_ttl") || IsDefault(s, "auth.session_max_lifetime")) {
      fail("auth.refresh_idle_ttl", fmt::format("is longer than auth.session_max_lifetime ({})",
                                                as_text(s.session_max_lifetime)));
    } else {
      fail("auth.session_max_lifetime",
           fmt::format("is shorter than auth.refresh_idle_ttl ({})", as_text(s.refresh_idle_ttl)));
    }
  }
  if (!s.keys_secret.empty() && !s.signing_key_file.empty()) {
    fail("auth.keys_secret",
         "is set together with auth.signing_key_file: the keys come from one of them only");
  }
  if (s.lockout_base_duration < std::chrono::seconds(1)) {
    fail("lockout.base_duration", "must be at least 1s");
  } else if (s.lockout_max_duration < s.lockout_base_duration) {
    fail("lockout.max_duration", "is shorter than lockout.base_duration");
  }
  if (s.mfa_challenge_ttl < std::chrono::seconds(30) ||
      s.mfa_challenge_ttl > std::chrono::hours(1)) {
    fail("mfa.challenge_ttl", "must be between 30s and 1h");
  }
  // rampart:end
  // rampart:begin(postgres)
  if (s.database_pool_min_size > s.database_pool_max_size) {
    fail("database.pool.min_size",
         fmt::format("is greater than database.pool.max_size ({})", s.database_pool_max_size));
  }
  // rampart:end
  if (s.metrics_access == "token" && s.metrics_token.empty()) {
    fail("telemetry.metrics_access",
         "is token but telemetry.metrics_token (RAMPART_METRICS_TOKEN) is empty");
  }
  // rampart:begin(iam)
  if (!s.admin_password.empty() && s.password_min_length <= s.password_max_length) {
    const domain::PasswordPolicy policy{.min_length = s.password_min_length,
                                        .max_length = s.password_max_length,
                                        .reject_common = s.password_reject_common};
    const auto email = domain::Email::ParseNormalised(s.admin_email);  // normalised when set
    const auto errors = policy.Check(s.admin_password, "admin.password", email ? &*email : nullptr);
    if (!errors.empty()) {
      fail("admin.password", "breaks the password policy: " + errors.front().message);
    }
  }
  // rampart:end
  if (s.tls_enabled && (s.tls_cert_file.empty() || s.tls_key_file.empty())) {
    fail("tls.enabled",
         "needs tls.cert_file (RAMPART_TLS_CERT_FILE) and tls.key_file (RAMPART_TLS_KEY_FILE)");
  }
  const std::pair<const char*, std::chrono::milliseconds> windows[] = {
      {"rate_limit.ip_window", s.rate_limit_ip_window},
      // rampart:begin(iam)
      {"rate_limit.user_window", s.rate_limit_user_window},
      {"rate_limit.auth_window", s.rate_limit_auth_window}};
      // rampart:else
      // {"rate_limit.user_window", s.rate_limit_user_window}};
      // rampart:end
  for (const auto& [key, window] : windows) {
    if (window > std::chrono::hours(24)) fail(key, "is longer than 1d");
  }
}

// The secret settings whose top layer names a Secrets Manager secret, by key.
using References = std::map<std::string, Assignment, std::less<>>;

// Applies every assignment it can; a value that fails keeps the layer below's and is reported.
// A Secrets Manager reference is set aside for ResolveReferences (a later layer's plain value
// replaces it).
void Apply(const Layer& layer, Settings& s, std::vector<Problem>& problems,
           References& references) {
  for (const auto& assignment : layer) {
    const SettingInfo& info = *assignment.info;
    if (assignment.value.starts_with(kSecretsManagerPrefix)) {
      if (AcceptsSecretReference(info.key)) {
        references.insert_or_assign(std::string(info.key), assignment);
        continue;
      }
      if (info.secrecy != Secrecy::kPublic) {
        problems.push_back(
            {std::string(info.key), DescribeFailure(info, assignment.origin, assignment.value,
                                                    "cannot come from Secrets Manager (it is how "
                                                    "Secrets Manager is reached)")});
        continue;
      }
    }
    if (const auto set_aside = references.find(info.key); set_aside != references.end()) {
      references.erase(set_aside);
    }
    Settings trial = s;
    if (auto applied = info.apply(assignment.value, trial); !applied) {
      problems.push_back(
          {std::string(info.key),
           DescribeFailure(info, assignment.origin, assignment.value, applied.error())});
      continue;
    }
    s = std::move(trial);
    s.origins[std::string(info.key)] = assignment.origin;
  }
}

// Reads each referenced secret (after every layer, so that aws.* are known) and applies its
// value as its layer would have; the origin keeps the reference. A secret that cannot be read,
// or whose value the setting refuses, is one problem naming the setting and the secret.
void ResolveReferences(const References& references, const LoadOptions& options, Settings& s,
                       std::vector<Problem>& problems) {
  for (const auto& [key, assignment] : references) {
    const SettingInfo& info = *assignment.info;
    const auto fail = [&](const std::string& reason) {
      problems.push_back(
          {key, DescribeFailure(info, assignment.origin, assignment.value,
                                "names secret " + assignment.value + ", which " + reason)});
    };
    if (assignment.value.size() == kSecretsManagerPrefix.size()) {
      fail("is empty (aws-sm:<secret id or ARN>[#<JSON key>])");
      continue;
    }
    if (!options.secrets) {
      fail("this command does not read (Secrets Manager is not available here)");
      continue;
    }
    auto value = options.secrets(s, assignment.value);
    if (!value) {
      fail("cannot be read: " + value.error());
      continue;
    }
    Settings trial = s;
    if (auto applied = info.apply(*value, trial); !applied) {
      fail("holds a value that " + applied.error());
      continue;
    }
    s = std::move(trial);
    Origin origin = assignment.origin;
    origin.secret = assignment.value;
    s.origins[key] = std::move(origin);
  }
}

}  // namespace

bool AcceptsSecretReference(std::string_view key) {
  const SettingInfo* info = FindSetting(key);
  return info != nullptr && info->secrecy != Secrecy::kPublic && !key.starts_with("aws.");
}

std::string DescribeSetting(const Settings& s, std::string_view key, std::string_view reason) {
  const SettingInfo& info = *FindSetting(key);
  const auto origin = s.origins.find(key);
  return DescribeFailure(info, origin == s.origins.end() ? Origin{} : origin->second,
                         info.render(s), reason);
}

Loaded LoadAll(const LoadOptions& options) {
  Loaded loaded{.settings = WithDefaults(), .problems = {}};
  auto& problems = loaded.problems;
  // A layer that cannot be read at all (syntax, unknown key) blames no single setting.
  const auto read = [&](std::expected<Layer, std::string> layer) {
    if (layer) return std::move(*layer);
    problems.push_back({"", layer.error()});
    return Layer{};
  };
  const Layer base = read(ReadFileLayer(options.config_dir / "rampart.toml"));
  const Layer environment = read(ReadEnvironmentLayer(options.environment));
  const Layer overrides = read(ReadOverrideLayer(options.overrides));

  Layer env_file;
  // An environment that fails to parse is reported by Apply below; no file is read for it.
  if (const auto env = SelectEnvironment({&base, &environment, &overrides}); env) {
    env_file = read(ReadFileLayer(options.config_dir / fmt::format("rampart.{}.toml", *env)));
    for (const auto& assignment : env_file) {
      if (assignment.info->key != kEnvKey) continue;
      Settings probe;
      if (!assignment.info->apply(assignment.value, probe) || probe.env != *env) {
        problems.push_back(
            {std::string(kEnvKey),
             DescribeFailure(
                 *assignment.info, assignment.origin, assignment.value,
                 fmt::format("contradicts the environment \"{}\" that selected this file", *env))});
      }
    }
  }

  Settings& settings = loaded.settings;
  const Layer* const layers[] = {&base, &env_file, &environment, &overrides};
  References references;
  for (const Layer* layer : layers) Apply(*layer, settings, problems, references);
  ResolveReferences(references, options, settings, problems);
  Resolve(settings);
  CrossCheck(settings, problems);
  settings.unknown_variables = UnknownEnvironmentVariables(options.environment);
  return loaded;
}

std::expected<Settings, std::string> Load(const LoadOptions& options) {
  auto loaded = LoadAll(options);
  if (loaded.problems.empty()) return std::move(loaded.settings);
  std::string lines;
  for (const auto& problem : loaded.problems) {
    if (!lines.empty()) lines += '\n';
    lines += problem.message;
  }
  return std::unexpected(lines);
}

Settings DefaultSettings() {
  Settings settings = WithDefaults();
  Resolve(settings);
  return settings;
}

std::map<std::string, std::string> EnvironmentFromProcess() {
  std::map<std::string, std::string> result;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view name = text.substr(0, eq);
    // Datadog's unified service tags and the AWS SDKs' region and endpoints are read under
    // their own names (AWS credentials are not settings: infrastructure/aws reads them).
    const bool datadog = name == "DD_SERVICE" || name == "DD_ENV" || name == "DD_VERSION";
    const std::string_view base = name.ends_with("_FILE") ? name.substr(0, name.size() - 5) : name;
    bool aws = name == "AWS_REGION" || name == "AWS_DEFAULT_REGION" ||
               base == "AWS_ENDPOINT_URL" || base == "AWS_ENDPOINT_URL_SECRETS_MANAGER";
    aws = aws || base == "AWS_ENDPOINT_URL_SQS";  // rampart:only(sqs)
    if (!name.starts_with("RAMPART_") && !datadog && !aws) continue;
    result.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return result;
}

}  // namespace rampart::config
