#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "main/config/config.hpp"
#include "main/config/database_url.hpp"  // rampart:only(sqlite)
#include "main/config/unknown_variables.hpp"

namespace rampart::config {

namespace {

using Rule = std::optional<std::string> (*)(const Settings&);

// rampart:begin(sqlite)
std::optional<std::string> SqliteNotAllowed(const Settings& s) {
  if (!s.database_is_sqlite || s.allow_sqlite_in_production) return std::nullopt;
  return fmt::format(
      // rampart:begin(postgres)
      "database.url is SQLite ({}): production needs PostgreSQL (RAMPART_DATABASE_URL="
      "postgresql://...), or database.allow_sqlite_in_production = true "
      // rampart:else
      // "database.url is SQLite ({}): production needs database.allow_sqlite_in_production = true "
      // rampart:end
      "(RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION) for a single instance with its own disk",
      MaskUrlPassword(s.database_url));
}
// rampart:end

std::optional<std::string> IssuerNotHttps(const Settings& s) {
  if (s.issuer.starts_with("https://")) return std::nullopt;
  // rampart:begin(iam)
  return fmt::format(
      "auth.issuer is {}: production needs the public https:// URL of this service "
      "(RAMPART_JWT_ISSUER), which token verifiers and the OpenID discovery document use",
      s.issuer);
  // rampart:else
  // if (s.issuer.empty()) return std::nullopt;  // refused in every environment (startup_checks)
  // return fmt::format(
  //     "auth.issuer is {}: production needs the https:// URL of the issuer whose access tokens "
  //     "this service accepts (RAMPART_JWT_ISSUER): its signing keys are read from there",
  //     s.issuer);
  // rampart:end
}

// rampart:begin(iam)
std::optional<std::string> MailLinksNotHttps(const Settings& s) {
  // Empty (the default) means auth.issuer, which IssuerNotHttps checks.
  if (s.mail_public_base_url.starts_with("https://") || s.mail_public_base_url == s.issuer) {
    return std::nullopt;
  }
  return fmt::format(
      "mail.public_base_url is {}: production needs an https:// URL for the links that carry "
      "verification and password-reset tokens (RAMPART_MAIL_PUBLIC_BASE_URL)",
      s.mail_public_base_url);
}
// rampart:end

std::optional<std::string> MailOnlyToPickupDirectory(const Settings& s) {
  if (!s.smtp_url.empty() || s.smtp_allow_pickup_in_production) return std::nullopt;
  return fmt::format(
      "smtp.url is empty: production would write every mail"
      " (e-mail verification, password reset)"  // rampart:only(iam)
      " as a .eml file into {}, where no one receives it; set RAMPART_SMTP_URL="
      "smtp://user:password@relay:587 (or smtps://...), or smtp.allow_pickup_in_production = "
      "true (RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION) when another process collects the files",
      (s.data_dir / "mail").string());
}

// rampart:begin(iam)
// Production signs only with keys an operator provisioned: a key file, or a key directory
// `rampart keys rotate` initialised (never keys the first start made up on the spot).
// (A key secret is checked when serve starts: reading it needs Secrets Manager, and an empty one
// stops a production start there.)
std::optional<std::string> NoProvisionedSigningKeys(const Settings& s) {
  if (!s.signing_key_file.empty() || !s.keys_secret.empty()) return std::nullopt;
  std::error_code error;
  if (std::filesystem::exists(s.keys_dir / "keys.json", error)) return std::nullopt;
  for (std::filesystem::directory_iterator it(s.keys_dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->path().extension() == ".pem") return std::nullopt;
  }
  return fmt::format(
      "auth.keys_dir ({}) holds no signing keys: production does not create them on first "
      "start; run `rampart keys rotate` with this configuration to create them, or give one "
      "key file with auth.signing_key_file (RAMPART_JWT_KEY_FILE)",
      s.keys_dir.string());
}
// rampart:end

std::optional<std::string> WildcardCorsWithCredentials(const Settings& s) {
  const bool wildcard =
      std::find(s.cors_origins.begin(), s.cors_origins.end(), "*") != s.cors_origins.end();
  if (!wildcard || !s.cors_credentials) return std::nullopt;
  return std::string(
      "cors.origins contains \"*\" while cors.credentials is true: any web site could make "
      "credentialed calls on behalf of an authenticated browser; list the exact origins "
      "(RAMPART_CORS_ORIGINS=https://app.example.com) or set cors.credentials = false");
}

std::optional<std::string> RateLimitingDisabled(const Settings& s) {
  if (s.rate_limit_enabled) return std::nullopt;
  return std::string(
      // rampart:begin(iam)
      "rate_limit.enabled is false: production needs the per-IP, per-user and login limits "
      // rampart:else
      // "rate_limit.enabled is false: production needs the per-IP and per-user limits "
      // rampart:end
      "(RAMPART_RATE_LIMIT_ENABLED=true; raise rate_limit.* instead of turning them off)");
}

std::optional<std::string> PlainHttpWithoutTls(const Settings& s) {
  if (s.tls_enabled || s.behind_tls) return std::nullopt;
  return std::string(
      "neither tls.enabled nor server.behind_tls is set: production serves tokens"
      " and passwords"  // rampart:only(iam)
      " only over https; terminate TLS here (RAMPART_TLS_ENABLED=true with "
      "RAMPART_TLS_CERT_FILE/RAMPART_TLS_KEY_FILE) or declare the TLS-terminating load balancer "
      "(RAMPART_BEHIND_TLS=true, which also turns on HSTS)");
}

std::optional<std::string> PublicMetrics(const Settings& s) {
  if (s.metrics_access != "public") return std::nullopt;
  return std::string(
      "telemetry.metrics_access is public: /metrics shows routes, traffic, error rates and "
      "account counters to anyone who reaches the port; production needs a scrape token "
      "(RAMPART_METRICS_ACCESS=token and RAMPART_METRICS_TOKEN=<16+ characters>, sent by the "
      "scraper as `Authorization: Bearer <token>`)");
}

std::optional<std::string> SwaggerUiOpen(const Settings& s) {
  if (!s.Feature(domain::Feature::kDocsUi)) return std::nullopt;
  return std::string(
      "features.docs.ui is true: production does not serve the Swagger UI explorer to the world; "
      "set it false (RAMPART_FEATURES_DOCS_UI=false; config/rampart.production.toml does) and "
      "browse /docs on a development or staging instance (/openapi.json stays public)");
}

// rampart:begin(iam)
std::optional<std::string> GeneratedMfaKey(const Settings& s) {
  if (!s.mfa_enabled || !s.mfa_encryption_key.empty()) return std::nullopt;
  return fmt::format(
      "mfa.encryption_key is empty: production refuses a key generated into {} for the TOTP "
      "secrets of two-factor sign-in; set RAMPART_MFA_ENCRYPTION_KEY (or _FILE) to 32+ random "
      "characters (openssl rand -base64 32), or mfa.enabled = false",
      (s.data_dir / "mfa.key").string());
}
// rampart:end

// One function per rule, with the setting it blames.
struct KeyedRule {
  std::string_view key;
  Rule rule;
};
constexpr KeyedRule kRules[] = {
    {"database.url", SqliteNotAllowed},  // rampart:only(sqlite)
    {"auth.issuer", IssuerNotHttps},
    {"auth.signing_key_file", NoProvisionedSigningKeys},  // rampart:only(iam)
    {"cors.origins", WildcardCorsWithCredentials},
    {"rate_limit.enabled", RateLimitingDisabled},
    {"server.behind_tls", PlainHttpWithoutTls},
    {"mail.public_base_url", MailLinksNotHttps},  // rampart:only(iam)
    {"telemetry.metrics_access", PublicMetrics},
    {"features.docs.ui", SwaggerUiOpen},
    {"smtp.url", MailOnlyToPickupDirectory},
    {"mfa.encryption_key", GeneratedMfaKey},  // rampart:only(iam)
};

}  // namespace

std::vector<Problem> ProductionRefusals(const Settings& settings) {
  std::vector<Problem> problems;
  for (const auto& [key, rule] : kRules) {
    if (auto problem = rule(settings)) {
      problems.push_back({std::string(key), "production: " + std::move(*problem)});
    }
  }
  // A misspelt variable leaves its setting at the default (the embedded database, say) without
  // a word: production refuses to guess which one was meant.
  for (const auto& variable : settings.unknown_variables) {
    problems.push_back({"", "production: " + Describe(variable) +
                                ": production refuses environment variables it does not know; "
                                "fix or unset it"});
  }
  return problems;
}

std::vector<std::string_view> ProductionRuleKeys() {
  std::vector<std::string_view> keys;
  for (const auto& rule : kRules) keys.push_back(rule.key);
  return keys;
}

std::vector<std::string> ProductionProblems(const Settings& settings) {
  std::vector<std::string> problems;
  for (auto& problem : ProductionRefusals(settings)) {
    problems.push_back(problem.message.substr(std::string_view("production: ").size()));
  }
  return problems;
}

}  // namespace rampart::config
