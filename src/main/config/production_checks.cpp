#include <optional>

#include <fmt/format.h>

#include "main/config/config.hpp"
#include "main/config/database_url.hpp"

namespace rampart::config {

namespace {

using Rule = std::optional<std::string> (*)(const Settings&);

std::optional<std::string> SqliteNotAllowed(const Settings& s) {
  if (!s.database_is_sqlite || s.allow_sqlite_in_production) return std::nullopt;
  return fmt::format(
      "database.url is SQLite ({}): production needs PostgreSQL (RAMPART_DATABASE_URL="
      "postgresql://...), or database.allow_sqlite_in_production = true "
      "(RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION) for a single instance with its own disk",
      MaskUrlPassword(s.database_url));
}

std::optional<std::string> IssuerNotHttps(const Settings& s) {
  if (s.issuer.starts_with("https://")) return std::nullopt;
  return fmt::format(
      "auth.issuer is {}: production needs the public https:// URL of this service "
      "(RAMPART_JWT_ISSUER), which token verifiers and the OpenID discovery document use",
      s.issuer);
}

std::optional<std::string> GeneratedSigningKeys(const Settings& s) {
  if (!s.signing_key_file.empty()) return std::nullopt;
  return fmt::format(
      "auth.signing_key_file is empty: production refuses signing keys generated into {} on "
      "first start; provision a P-256 key and set RAMPART_JWT_KEY_FILE (or mount it as a secret)",
      s.keys_dir.string());
}

// One function per rule. Later checks belong here too: wildcard CORS origins with credentials,
// Swagger UI open to the world.
constexpr Rule kRules[] = {
    SqliteNotAllowed,
    IssuerNotHttps,
    GeneratedSigningKeys,
};

}  // namespace

std::vector<std::string> ProductionProblems(const Settings& settings) {
  std::vector<std::string> problems;
  for (const Rule rule : kRules) {
    if (auto problem = rule(settings)) problems.push_back(std::move(*problem));
  }
  return problems;
}

}  // namespace rampart::config
