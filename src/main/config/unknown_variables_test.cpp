// RAMPART_* variables that are no setting: found, matched to the intended one, warned about,
// refused in production; and none of what this repository itself sets or documents is flagged.
#include "main/config/unknown_variables.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "main/config/config.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The suggestion for one unknown variable (fails when it is not reported as unknown).
std::string SuggestionFor(const std::string& name) {
  const auto unknown = UnknownEnvironmentVariables({{name, "x"}});
  EXPECT_EQ(unknown.size(), 1U) << name;
  return unknown.empty() ? "<known>" : unknown[0].suggestion;
}

TEST(UnknownVariables, TyposNameTheIntendedSetting) {
  EXPECT_EQ(SuggestionFor("RAMPART_DATABSE_URL"), "RAMPART_DATABASE_URL");
  EXPECT_EQ(SuggestionFor("RAMPART_DATABASE_ULR"), "RAMPART_DATABASE_URL");
  EXPECT_EQ(SuggestionFor("RAMPART_REDIS_UR"), "RAMPART_REDIS_URL");  // rampart:only(redis)
  EXPECT_EQ(SuggestionFor("RAMPART_LOGLEVEL"), "RAMPART_LOG_LEVEL");
  EXPECT_EQ(SuggestionFor("RAMPART_ADMIN_PASWORD"), "RAMPART_ADMIN_PASSWORD");  // rampart:only(iam)
  EXPECT_EQ(SuggestionFor("RAMPART_METRICS_TOKN"), "RAMPART_METRICS_TOKEN");
  EXPECT_EQ(SuggestionFor("RAMPART_AUDIT_RETENTON"), "RAMPART_AUDIT_RETENTION");
  EXPECT_EQ(SuggestionFor("RAMPART_CORS_ORIGIN"), "RAMPART_CORS_ORIGINS");
}

TEST(UnknownVariables, AWordTooManyOrTooFewNamesTheSettingItContains) {
  EXPECT_EQ(SuggestionFor("RAMPART_LISTEN_ADDRESS"), "RAMPART_LISTEN");
  EXPECT_EQ(SuggestionFor("RAMPART_DATABASE_SLOW_QUERY_THRESHOLD"), "RAMPART_SLOW_QUERY_THRESHOLD");
}

TEST(UnknownVariables, NothingCloseMeansNoSuggestion) {
  EXPECT_EQ(SuggestionFor("RAMPART_XYZZY"), "");
  EXPECT_EQ(SuggestionFor("RAMPART_"), "");
}

TEST(UnknownVariables, SettingsTheirSecretFileFormsAndOtherPrefixesAreKnown) {
  EXPECT_THAT(UnknownEnvironmentVariables({{"RAMPART_DATABASE_URL", "sqlite:///srv/x.db"},
                                           {"RAMPART_ADMIN_PASSWORD_FILE", "/run/secrets/a"},  // rampart:only(iam)
                                           {"RAMPART_DATABASE_URL_FILE", "/run/secrets/b"},
                                           {"RAMPART_METRICS_TOKEN_FILE", "/run/secrets/c"},
                                           {"RAMPART_ENV", "staging"},
                                           {"DD_SERVICE", "rampart"},
                                           {"PATH", "/bin"},
                                           {"XRAMPART_DATABSE_URL", "x"}}),
              IsEmpty());
}

TEST(UnknownVariables, TheRepositorysOwnToolingVariablesAreNotFlagged) {
  EXPECT_THAT(UnknownEnvironmentVariables({{"RAMPART_BIN", "build/rampart"},
                                           {"RAMPART_E2E_KEEP", "1"},
                                           {"RAMPART_E2E_VERBOSE", "1"},
                                           {"RAMPART_E2E_POSTGRES_URL_FILE", "/tmp/url"},  // rampart:only(postgres)
                                           {"RAMPART_TEST_POSTGRES_STATE", "/tmp/pg"},  // rampart:only(postgres)
                                           {"RAMPART_UPDATE_REFERENCE_FILES", "1"}}),
              IsEmpty());
}

TEST(UnknownVariables, AFileFormOfAPublicSettingSaysWhy) {
  const auto unknown = UnknownEnvironmentVariables({{"RAMPART_LISTEN_FILE", "/run/x"}});
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(Describe(unknown[0]),
            "RAMPART_LISTEN_FILE is not a setting of rampart (server.listen is not a secret and "
            "is not read from a file) (did you mean RAMPART_LISTEN?)");
}

TEST(UnknownVariables, LoadRecordsEachOnceInNameOrderAndStillLoads) {
  const auto loaded = Load({.config_dir = "/nonexistent-rampart-config",
                            .environment = {{"RAMPART_LISTN", "127.0.0.1:9000"},
                                            {"RAMPART_DATABSE_URL", "sqlite:///srv/x.db"},
                                            {"RAMPART_LISTEN", "127.0.0.1:9001"}}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->Listen(), "127.0.0.1:9001");
  // rampart:begin(sqlite)
  EXPECT_TRUE(loaded->database_is_sqlite);  // what the typo would silently have done
  // rampart:else
  // EXPECT_EQ(loaded->database_url, "");  // what the typo would silently have done
  // rampart:end
  ASSERT_EQ(loaded->unknown_variables.size(), 2U);
  EXPECT_EQ(Describe(loaded->unknown_variables[0]),
            "RAMPART_DATABSE_URL is not a setting of rampart (did you mean RAMPART_DATABASE_URL?)");
  EXPECT_EQ(Describe(loaded->unknown_variables[1]),
            "RAMPART_LISTN is not a setting of rampart (did you mean RAMPART_LISTEN?)");
}

TEST(UnknownVariables, ProductionRefusesThemOneLineEach) {
  const std::map<std::string, std::string> ready = {
      {"RAMPART_ENV", "production"},
      testing::kProductionDatabase,
      {"RAMPART_JWT_ISSUER", "https://id.example.com"},
      {"RAMPART_JWT_KEY_FILE", "/run/secrets/key.pem"},  // rampart:only(iam)
      {"RAMPART_BEHIND_TLS", "true"},
      {"RAMPART_METRICS_ACCESS", "token"},
      {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
      {"RAMPART_MFA_ENCRYPTION_KEY", "mfa-key-0123456789abcdef0123456789"},  // rampart:only(iam)
      {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}};
  auto environment = ready;
  const auto clean = Load({.config_dir = "/nonexistent-rampart-config", .environment = ready});
  ASSERT_TRUE(clean) << clean.error();
  EXPECT_THAT(ProductionProblems(*clean), IsEmpty());

  environment["RAMPART_RATE_LIMT_ENABLED"] = "false";
  const auto typo = Load({.config_dir = "/nonexistent-rampart-config", .environment = environment});
  ASSERT_TRUE(typo) << typo.error();
  const auto problems = ProductionProblems(*typo);
  ASSERT_THAT(problems,
              ElementsAre(HasSubstr("RAMPART_RATE_LIMT_ENABLED is not a setting of "
                                    "rampart (did you mean RAMPART_RATE_LIMIT_ENABLED?)")));
  EXPECT_THAT(problems[0], HasSubstr("production refuses"));
  EXPECT_EQ(problems[0].find('\n'), std::string::npos);
}

// Every RAMPART_* name that the repository's scripts, tests, bench, config files and docs set
// or show is a setting, a secret's _FILE form or a tooling variable — except the names the
// docs show precisely because they are wrong.
TEST(UnknownVariables, ARenamedVariableNamesItsReplacement) {
  const auto unknown = UnknownEnvironmentVariables({{"RAMPART_DOCS_UI", "on"}});
  ASSERT_EQ(unknown.size(), 1U);
  EXPECT_EQ(unknown[0].suggestion, "RAMPART_FEATURES_DOCS_UI");
  EXPECT_EQ(Describe(unknown[0]),
            "RAMPART_DOCS_UI is not a setting of rampart (server.docs_ui became the feature "
            "flag features.docs.ui, true or false) (did you mean RAMPART_FEATURES_DOCS_UI?)");
}

TEST(UnknownVariables, NothingTheRepositorySetsOrDocumentsIsFlagged) {
  const std::set<std::string> deliberately_unknown = {
      "RAMPART_DATABASE_SLOW_QUERY_THRESHOLD",  // docs/observability.md: the removed name
      "RAMPART_DATABSE_URL",    // docs/configuration.md and the e2e test: typo examples
      "RAMPART_ADMIN_PASWORD",  // docs/configuration.md  // rampart:only(iam)
      "RAMPART_METRICS_TOKN",   // docs/configuration.md (the typo example without `admin.*`)
      "RAMPART_LOG_LEVL",       // tests/e2e/unknown_variables.test.mjs
      "RAMPART_DOCS_UI",        // docs/api-docs.md: the renamed variable (RAMPART_FEATURES_DOCS_UI)
  };
  // Settings that the deployment files or the docs already name and that arrive
  // with open issues. Each must still be unknown: once its issue makes it a setting, its entry
  // here must go (the check below fails until then).
  const std::map<std::string, std::string> arriving_with_open_issues = {};
  for (const auto& [variable, issue] : arriving_with_open_issues) {
    EXPECT_EQ(UnknownEnvironmentVariables({{variable, "x"}}).size(), 1U)
        << variable << " is a setting now (" << issue
        << "): remove it from arriving_with_open_issues";
  }
  const std::filesystem::path root = RAMPART_SOURCE_DIR;
  std::vector<std::filesystem::path> files = {root / "Makefile", root / "README.md"};
  for (const char* dir : {"bench", "config", "docs", "scripts", "tests/e2e", "tests/fault",
                          "tests/services", "deploy"}) {
    if (!std::filesystem::exists(root / dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      if (entry.path().string().find("node_modules") != std::string::npos) continue;
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  const std::regex name("RAMPART_[A-Z0-9_]*[A-Z0-9]");
  std::map<std::string, std::string> seen;  // name -> first file
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    for (std::sregex_iterator it(content.begin(), content.end(), name), end; it != end; ++it) {
      const auto at = static_cast<std::size_t>(it->position());
      const auto after = at + it->str().size();
      // Not variables: a prefix ("RAMPART_TLS_*") or a CMake option ("-DRAMPART_SWAGGER_UI").
      if (after < content.size() && (content[after] == '_' || content[after] == '*')) continue;
      if (at >= 2 && content.compare(at - 2, 2, "-D") == 0) continue;
      seen.emplace(it->str(), file.string());
    }
  }
  ASSERT_GT(seen.size(), 30U) << "the scan found too little to mean anything";
  std::map<std::string, std::string> environment;
  for (const auto& [variable, file] : seen) {
    if (!deliberately_unknown.contains(variable) && !arriving_with_open_issues.contains(variable)) {
      environment.emplace(variable, file);
    }
  }
  for (const auto& variable : UnknownEnvironmentVariables(environment)) {
    ADD_FAILURE() << Describe(variable) << " — in " << environment.at(variable.name);
  }
}

}  // namespace
}  // namespace rampart::config
