#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "main/config/config.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// rampart:begin(iam)
// 32+ characters: what mfa.encryption_key needs in production (GeneratedMfaKey).
constexpr const char* kMfaKey = "mfa-key-0123456789abcdef0123456789";
// rampart:end

Settings LoadEnvironment(std::map<std::string, std::string> environment) {
  auto loaded =
      Load({.config_dir = "/nonexistent-rampart-config", .environment = std::move(environment)});
  EXPECT_TRUE(loaded) << loaded.error();
  return loaded.value_or(Settings{});
}

TEST(ProductionProblems, TheEmbeddedDefaultIsNotForProduction) {
  const auto problems = ProductionProblems(LoadEnvironment({{"RAMPART_ENV", "production"}}));
  // rampart:begin(sqlite)
  // rampart:begin(iam)
  ASSERT_EQ(problems.size(), 7U);
  EXPECT_THAT(problems[0], HasSubstr("database.url is SQLite (sqlite://./data/rampart.db)"));
  EXPECT_THAT(problems[0], HasSubstr("RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION"));
  EXPECT_THAT(problems[1], HasSubstr("auth.issuer is http://127.0.0.1:8080"));
  EXPECT_THAT(problems[1], HasSubstr("https://"));
  EXPECT_THAT(problems[2], HasSubstr("RAMPART_JWT_KEY_FILE"));
  EXPECT_THAT(problems[3], HasSubstr("neither tls.enabled nor server.behind_tls"));
  EXPECT_THAT(problems[4], HasSubstr("telemetry.metrics_access is public"));
  EXPECT_THAT(problems[5], HasSubstr("smtp.url is empty"));
  EXPECT_THAT(problems[6], HasSubstr("mfa.encryption_key is empty"));
  // rampart:else
  // // An empty auth.issuer is refused in every environment (startup_checks), not here.
  // ASSERT_EQ(problems.size(), 4U);
  // EXPECT_THAT(problems[0], HasSubstr("database.url is SQLite (sqlite://./data/rampart.db)"));
  // EXPECT_THAT(problems[0], HasSubstr("RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION"));
  // EXPECT_THAT(problems[1], HasSubstr("neither tls.enabled nor server.behind_tls"));
  // EXPECT_THAT(problems[2], HasSubstr("telemetry.metrics_access is public"));
  // EXPECT_THAT(problems[3], HasSubstr("smtp.url is empty"));
  // rampart:end
  // rampart:else
  // // No default database to refuse here: an empty database.url is refused in every
  // // environment (startup_checks).
  // for (const auto& problem : problems) EXPECT_THAT(problem, Not(HasSubstr("database.url")));
  // EXPECT_THAT(problems, Contains(HasSubstr("neither tls.enabled nor server.behind_tls")));
  // EXPECT_THAT(problems, Contains(HasSubstr("telemetry.metrics_access is public")));
  // EXPECT_THAT(problems, Contains(HasSubstr("smtp.url is empty")));
  // rampart:end
}

// rampart:begin(iam)
TEST(ProductionProblems, RefusesSigningKeysGeneratedIntoTheDataDir) {
  const auto problems = ProductionProblems(
      LoadEnvironment({testing::kProductionDatabase,
                       {"RAMPART_JWT_ISSUER", "https://id.example.com"},
                       {"RAMPART_BEHIND_TLS", "true"},
                       {"RAMPART_METRICS_ACCESS", "token"},
                       {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
                       {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},
                       {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}}));
  ASSERT_THAT(problems, ElementsAre(HasSubstr("holds no signing keys")));
  EXPECT_THAT(problems[0], HasSubstr("rampart keys rotate"));
}

TEST(ProductionProblems, AcceptsAKeyDirectoryThatHoldsKeys) {
  testing::TestConfigDir keys;
  keys.Write("keys.json", "{}");  // the check only looks for a store; serve reads it
  EXPECT_THAT(
      ProductionProblems(LoadEnvironment({testing::kProductionDatabase,
                                          {"RAMPART_JWT_ISSUER", "https://id.example.com"},
                                          {"RAMPART_JWT_KEYS_DIR", keys.path().string()},
                                          {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},
                                          {"RAMPART_BEHIND_TLS", "true"},
                                          {"RAMPART_METRICS_ACCESS", "token"},
                                          {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
                                          {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}})),
      IsEmpty());
}

// Keys in a secret are checked when serve starts (an empty secret stops it there).
TEST(ProductionProblems, AcceptsAKeySecret) {
  EXPECT_THAT(ProductionProblems(
                  LoadEnvironment({testing::kProductionDatabase,
                                   {"RAMPART_JWT_ISSUER", "https://id.example.com"},
                                   {"RAMPART_JWT_KEYS_SECRET", "aws-sm:prod/rampart/keys"},
                                   {"RAMPART_JWT_KEYS_DIR", "/nonexistent/keys"},
                                   {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},
                                   {"RAMPART_BEHIND_TLS", "true"},
                                   {"RAMPART_METRICS_ACCESS", "token"},
                                   {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
                                   {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}})),
              IsEmpty());
}
// rampart:end

TEST(ProductionProblems, NoneWithAProductionDatabaseAndAnHttpsIssuer) {
  EXPECT_THAT(ProductionProblems(
                  LoadEnvironment({{"RAMPART_ENV", "production"},
                                   testing::kProductionDatabase,
                                   {"RAMPART_JWT_ISSUER", "https://id.example.com"},
                                   {"RAMPART_JWT_KEY_FILE", "/run/secrets/jwt.pem"},  // rampart:only(iam)
                                   {"RAMPART_BEHIND_TLS", "true"},
                                   {"RAMPART_METRICS_ACCESS", "token"},
                                   {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
                                   {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},  // rampart:only(iam)
                                   {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}})),
              IsEmpty());
}

// rampart:begin(sqlite)
TEST(ProductionProblems, SqliteCanBeAllowedExplicitly) {
  EXPECT_THAT(ProductionProblems(
                  LoadEnvironment({{"RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION", "true"},
                                   {"RAMPART_JWT_ISSUER", "https://id.example.com"},
                                   {"RAMPART_JWT_KEY_FILE", "/run/secrets/jwt.pem"},  // rampart:only(iam)
                                   {"RAMPART_BEHIND_TLS", "true"},
                                   {"RAMPART_METRICS_ACCESS", "token"},
                                   {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
                                   {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},  // rampart:only(iam)
                                   {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}})),
              IsEmpty());
}
// rampart:end

// rampart:begin(postgres)
TEST(ProductionProblems, MasksTheDatabasePasswordInItsReasons) {
  auto settings = LoadEnvironment({{"RAMPART_DATABASE_URL", "postgresql://u:pw-secret@db/app"},
                                   {"RAMPART_JWT_ISSUER", "http://id.example.com"},
                                   {"RAMPART_JWT_KEY_FILE", "/run/secrets/jwt.pem"},  // rampart:only(iam)
                                   {"RAMPART_BEHIND_TLS", "true"},
                                   {"RAMPART_METRICS_ACCESS", "token"},
                                   {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
                                   {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},  // rampart:only(iam)
                                   {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}});
  const auto problems = ProductionProblems(settings);
  ASSERT_THAT(problems, ElementsAre(HasSubstr("auth.issuer")));
  settings.database_is_sqlite = true;  // a contrived case: the URL text is still masked  // rampart:only(sqlite)
  for (const auto& problem : ProductionProblems(settings)) {
    EXPECT_EQ(problem.find("pw-secret"), std::string::npos) << problem;
  }
}
// rampart:end

// A production configuration that passes every rule, to break one setting at a time.
std::map<std::string, std::string> SecureProduction() {
  return {{"RAMPART_ENV", "production"},
          testing::kProductionDatabase,
          {"RAMPART_JWT_ISSUER", "https://id.example.com"},
          {"RAMPART_JWT_KEY_FILE", "/run/secrets/jwt.pem"},  // rampart:only(iam)
          {"RAMPART_BEHIND_TLS", "true"},
          {"RAMPART_METRICS_ACCESS", "token"},
          {"RAMPART_METRICS_TOKEN", "scrape-token-0123456789"},
          {"RAMPART_MFA_ENCRYPTION_KEY", kMfaKey},  // rampart:only(iam)
          {"RAMPART_SMTP_URL", "smtps://relay:pw@smtp.example.com"}};
}

TEST(ProductionProblems, SwaggerUiIsOffByDefaultAndRefusedWhenTurnedOn) {
  auto environment = SecureProduction();
  EXPECT_FALSE(LoadEnvironment(environment).Feature(domain::Feature::kDocsUi));
  environment["RAMPART_FEATURES_DOCS_UI"] = "true";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(HasSubstr("features.docs.ui is true")));
  environment["RAMPART_FEATURES_DOCS_UI"] = "false";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
  environment["RAMPART_ENV"] = "staging";
  environment["RAMPART_FEATURES_DOCS_UI"] = "true";
  EXPECT_TRUE(LoadEnvironment(environment).Feature(domain::Feature::kDocsUi))
      << "staging may serve it (config check notes what production would refuse)";
}

TEST(ProductionProblems, RefusesPublicMetrics) {
  auto environment = SecureProduction();
  environment.erase("RAMPART_METRICS_ACCESS");
  environment.erase("RAMPART_METRICS_TOKEN");
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(HasSubstr("telemetry.metrics_access is public")));
}

TEST(ProductionProblems, RefusesWildcardCorsWithCredentials) {
  auto environment = SecureProduction();
  environment["RAMPART_CORS_ORIGINS"] = "https://app.example.com,*";
  environment["RAMPART_CORS_CREDENTIALS"] = "true";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(HasSubstr("cors.origins contains \"*\" while cors.credentials")));
  environment["RAMPART_CORS_CREDENTIALS"] = "false";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
  environment["RAMPART_CORS_CREDENTIALS"] = "true";
  environment["RAMPART_CORS_ORIGINS"] = "https://app.example.com";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
}

TEST(ProductionProblems, RefusesAnIssuerThatIsNotHttps) {
  auto environment = SecureProduction();
  environment["RAMPART_JWT_ISSUER"] = "http://id.example.com";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(AllOf(HasSubstr("auth.issuer is http://id.example.com"),
                                HasSubstr("RAMPART_JWT_ISSUER"))));
}

TEST(ProductionProblems, RefusesRateLimitingOff) {
  auto environment = SecureProduction();
  environment["RAMPART_RATE_LIMIT_ENABLED"] = "false";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(HasSubstr("rate_limit.enabled is false")));
}

TEST(ProductionProblems, RefusesPlainHttpUnlessTlsHereOrInFront) {
  auto environment = SecureProduction();
  environment.erase("RAMPART_BEHIND_TLS");
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(HasSubstr("RAMPART_BEHIND_TLS=true")));
  environment["RAMPART_TLS_ENABLED"] = "true";
  environment["RAMPART_TLS_CERT_FILE"] = "/run/secrets/tls.crt";
  environment["RAMPART_TLS_KEY_FILE"] = "/run/secrets/tls.key";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
}

// rampart:begin(iam)
TEST(ProductionProblems, MailLinksFollowTheIssuerOrMustBeHttps) {
  auto environment = SecureProduction();
  EXPECT_EQ(LoadEnvironment(environment).mail_public_base_url, "https://id.example.com");
  environment["RAMPART_MAIL_PUBLIC_BASE_URL"] = "http://app.example.com/account";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(HasSubstr("mail.public_base_url is http://app.example.com/account")));
  environment["RAMPART_MAIL_PUBLIC_BASE_URL"] = "https://app.example.com/account";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
}

TEST(ProductionProblems, RefusesMailThatGoesOnlyToThePickupDirectory) {
  auto environment = SecureProduction();
  environment.erase("RAMPART_SMTP_URL");
  environment["RAMPART_DATA_DIR"] = "/var/lib/rampart";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(AllOf(HasSubstr("smtp.url is empty"), HasSubstr("/var/lib/rampart/mail"),
                                HasSubstr("RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION"))));
  environment["RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION"] = "true";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
}

TEST(ProductionProblems, RefusesAGeneratedMfaKeyUnlessTwoFactorSignInIsOff) {
  auto environment = SecureProduction();
  environment.erase("RAMPART_MFA_ENCRYPTION_KEY");
  environment["RAMPART_DATA_DIR"] = "/var/lib/rampart";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)),
              ElementsAre(AllOf(HasSubstr("mfa.encryption_key is empty"),
                                HasSubstr("/var/lib/rampart/mfa.key"),
                                HasSubstr("RAMPART_MFA_ENCRYPTION_KEY"))));
  environment["RAMPART_MFA_ENABLED"] = "false";
  EXPECT_THAT(ProductionProblems(LoadEnvironment(environment)), IsEmpty());
}
// rampart:end

}  // namespace
}  // namespace rampart::config

namespace rampart::config {
namespace {

// docs/operations.md#production-refusals is the operator's one list: it names every rule.
TEST(ProductionProblems, TheOperationsGuideListsEveryRule) {
  std::ifstream file(std::string(RAMPART_SOURCE_DIR) + "/docs/operations.md");
  ASSERT_TRUE(file) << "docs/operations.md is missing";
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto begin = text.find("<!-- production-refusals:begin -->");
  const auto end = text.find("<!-- production-refusals:end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const auto list = text.substr(begin, end - begin);
  for (const auto key : ProductionRuleKeys()) {
    EXPECT_NE(list.find("- `" + std::string(key) + "`"), std::string::npos)
        << "docs/operations.md does not list the production rule on " << key;
  }
}

}  // namespace
}  // namespace rampart::config
