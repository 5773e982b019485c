// The shipped defaults file and the documentation are generated from the settings table; these
// tests fail when either drifts from it. To regenerate both after changing the table:
//   RAMPART_UPDATE_REFERENCE_FILES=1 build/config_tests --gtest_filter='ReferenceFiles.*'
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/reference.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

// The repository root, from the build (not __FILE__: ccache's base_dir makes that relative).
const std::filesystem::path kRoot = RAMPART_SOURCE_DIR;

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool Updating() { return std::getenv("RAMPART_UPDATE_REFERENCE_FILES") != nullptr; }

void WriteText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The text with each wrapped comment paragraph on one line: a service generated from the template
// under a name of another length (`rampart new`, docs/template.md) has the same words wrapped
// elsewhere until it regenerates the file.
std::string Unwrapped(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  bool joining = false;
  while (std::getline(in, line)) {
    const bool prose = line.starts_with("# ") && !line.starts_with("# Environment variable:");
    if (joining && prose) {
      out += ' ' + line.substr(2);
    } else {
      if (!out.empty()) out += '\n';
      out += line;
    }
    joining = prose;
  }
  return out;
}

TEST(ReferenceFiles, DefaultsFileIsGeneratedFromTheTable) {
  if (Updating()) WriteText(kRoot / "config" / "rampart.toml", RenderDefaultsToml());
  EXPECT_EQ(Unwrapped(ReadText(kRoot / "config" / "rampart.toml")), Unwrapped(RenderDefaultsToml()))
      << "regenerate config/rampart.toml (see docs/configuration.md)";
}

TEST(ReferenceFiles, DocumentationTableIsGeneratedFromTheTable) {
  const auto path = kRoot / "docs" / "configuration.md";
  std::string doc = ReadText(path);
  const std::string begin = "<!-- settings:begin -->\n";
  const auto start = doc.find(begin);
  const auto end = doc.find("<!-- settings:end -->");
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  if (Updating()) {
    doc.replace(start + begin.size(), end - start - begin.size(), RenderSettingsMarkdown());
    WriteText(path, doc);
    return;
  }
  EXPECT_EQ(doc.substr(start + begin.size(), end - start - begin.size()), RenderSettingsMarkdown())
      << "regenerate the table in docs/configuration.md";
}

TEST(ReferenceFiles, TheShippedDefaultsFileSetsNothing) {
  testing::TestConfigDir dir;
  dir.Write("rampart.toml", ReadText(kRoot / "config" / "rampart.toml"));
  auto loaded = Load({.config_dir = dir.path()});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(RenderEffective(*loaded), RenderEffective(DefaultSettings()));
}

// The three profiles (docs/configuration.md#environment-profiles) load, each selected by
// RAMPART_ENV, and differ where the table there says they do.
TEST(ReferenceFiles, EachEnvironmentProfileLoadsWithItsDifferences) {
  const auto load = [](std::string env) {
    auto loaded = Load({.config_dir = kRoot / "config",
                        .environment = {{"RAMPART_ENV", env},
                                        {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"}}});
    EXPECT_TRUE(loaded) << env << ": " << loaded.error();
    return loaded.value_or(Settings{});
  };
  const auto origin = [](const Settings& s, std::string_view key) {
    return s.origins.find(key)->second.Describe();
  };
  const Settings development = load("development");
  EXPECT_TRUE(development.Feature(domain::Feature::kDocsUi));
  EXPECT_EQ(development.log_format, "text");
  EXPECT_EQ(development.cors_origins.size(), 2U);
  EXPECT_TRUE(origin(development, "log.format").find("rampart.development.toml") !=
              std::string::npos);

  const Settings staging = load("staging");
  EXPECT_TRUE(staging.Feature(domain::Feature::kDocsUi));
  EXPECT_EQ(staging.log_format, "json");
  EXPECT_TRUE(staging.cors_origins.empty());
  // rampart:begin(iam)
  EXPECT_EQ(staging.access_token_ttl, std::chrono::minutes(5));
  EXPECT_TRUE(origin(staging, "auth.access_token_ttl").find("rampart.staging.toml") !=
              std::string::npos);
  // rampart:end
  EXPECT_TRUE(origin(staging, "server.shutdown_timeout").find("rampart.staging.toml") !=
              std::string::npos);

  const Settings production = load("production");
  EXPECT_FALSE(production.Feature(domain::Feature::kDocsUi));
  EXPECT_EQ(production.log_format, "json");
  EXPECT_EQ(production.metrics_access, "token");
  // rampart:begin(iam)
  EXPECT_EQ(production.rate_limit_auth_limit, DefaultSettings().rate_limit_auth_limit);
  // rampart:end
}

TEST(ReferenceFiles, UncommentingEveryDefaultChangesNothing) {
  // Every "#key = value" line becomes "key = value": the file then sets every setting, and each
  // must parse to exactly the built-in default.
  const std::string uncommented = std::regex_replace(
      RenderDefaultsToml(), std::regex("^#([a-z_.]+ = )", std::regex::multiline), "$1");
  testing::TestConfigDir dir;
  dir.Write("rampart.toml", uncommented);
  auto loaded = Load({.config_dir = dir.path()});
  ASSERT_TRUE(loaded) << loaded.error();
  std::size_t from_file = 0;
  for (const auto& [key, origin] : loaded->origins) {
    from_file += origin.kind == Origin::Kind::kFile ? 1 : 0;
  }
  EXPECT_EQ(from_file, AllSettings().size());
  const Settings defaults = DefaultSettings();
  for (const auto& info : AllSettings()) {
    EXPECT_EQ(info.render(*loaded), info.render(defaults)) << info.key;
  }
}

TEST(ReferenceFiles, ProductionExampleIsValidAndPassesTheProductionChecks) {
  // rampart:begin(iam)
  // The example leaves the database URL (it carries a password) and the public issuer URL to
  // the deployment's environment, and the signing key to its secret store.
  // rampart:else
  // // The example leaves the database URL (it carries a password) and the issuer's URL to the
  // // deployment's environment.
  // rampart:end
  std::map<std::string, std::string> environment = {
      {"RAMPART_ENV", "production"},
      testing::kProductionDatabase,
      {"RAMPART_JWT_KEY_FILE", "/run/secrets/jwt.pem"},  // rampart:only(iam)
      {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
      {"RAMPART_MFA_ENCRYPTION_KEY", "mfa-key-0123456789abcdef0123456789"},  // rampart:only(iam)
      {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}};
  auto without_issuer = Load({.config_dir = kRoot / "config", .environment = environment});
  ASSERT_TRUE(without_issuer) << without_issuer.error();
  // rampart:begin(iam)
  ASSERT_EQ(ProductionProblems(*without_issuer).size(), 1U);
  EXPECT_TRUE(ProductionProblems(*without_issuer)[0].starts_with("auth.issuer"));
  // rampart:else
  // // An empty issuer is refused when serve starts, in every environment (startup_checks).
  // EXPECT_EQ(without_issuer->issuer, "");
  // EXPECT_TRUE(ProductionProblems(*without_issuer).empty());
  // rampart:end

  environment["RAMPART_JWT_ISSUER"] = "https://id.example.com";
  auto loaded = Load({.config_dir = kRoot / "config", .environment = environment});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_TRUE(loaded->IsProduction());
  EXPECT_TRUE(ProductionProblems(*loaded).empty());
  std::size_t from_file = 0;
  for (const auto& [key, origin] : loaded->origins) {
    from_file += origin.kind == Origin::Kind::kFile ? 1 : 0;
  }
  EXPECT_GT(from_file, 0U);
}

TEST(SettingsTable, KeysAndVariablesAreUniqueAndDefaultsParse) {
  std::set<std::string_view> keys;
  std::set<std::string_view> variables;
  for (const auto& info : AllSettings()) {
    EXPECT_TRUE(keys.insert(info.key).second) << info.key;
    EXPECT_TRUE(variables.insert(info.env_var).second) << info.env_var;
    // Datadog's unified service tags and the AWS SDKs' settings keep their own names.
    EXPECT_TRUE(info.env_var.starts_with("RAMPART_") || info.env_var.starts_with("DD_") ||
                info.env_var.starts_with("AWS_"))
        << info.env_var;
    EXPECT_FALSE(info.description.empty()) << info.key;
    Settings scratch;
    EXPECT_TRUE(info.apply(info.default_value, scratch)) << info.key;
    EXPECT_EQ(FindSetting(info.key), &info);
  }
  EXPECT_EQ(FindSetting("no.such.key"), nullptr);
}

TEST(SettingsTable, RootKeysComeBeforeSections) {
  // TOML puts keys after a [section] header into that section: the generator relies on this.
  bool seen_section = false;
  for (const auto& info : AllSettings()) {
    const bool in_section = info.key.find('.') != std::string_view::npos;
    EXPECT_FALSE(seen_section && !in_section) << info.key;
    seen_section = seen_section || in_section;
  }
}

}  // namespace
}  // namespace rampart::config
