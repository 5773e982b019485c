// Secret settings given as `aws-sm:<secret id or ARN>[#<JSON key>]`: read through the resolver
// after every layer (which sees aws.*), applied like their layer's value, the origin naming
// the reference; a secret that cannot be read is one line naming the setting and the secret;
// a secret value never appears anywhere.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/database_url.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestConfigDir;

struct Resolver {
  std::map<std::string, std::expected<std::string, std::string>> answers;
  std::vector<std::string> asked;
  std::string region_seen;
  auto Function() {
    return [this](const Settings& settings,
                  std::string_view reference) -> std::expected<std::string, std::string> {
      asked.emplace_back(reference);
      region_seen = settings.aws_region;
      const auto found = answers.find(std::string(reference));
      if (found == answers.end()) return std::unexpected(std::string("no such secret"));
      return found->second;
    };
  }
};

Loaded LoadWith(const TestConfigDir& dir, std::map<std::string, std::string> environment,
                Resolver* resolver) {
  LoadOptions options{.config_dir = dir.path(), .environment = std::move(environment)};
  if (resolver != nullptr) options.secrets = resolver->Function();
  return LoadAll(options);
}

// rampart:begin(postgres)
TEST(SecretReferences, ASecretSettingIsReadFromItsSecretAndNamesItAsItsOrigin) {
  TestConfigDir dir;
  Resolver resolver;
  resolver.answers["aws-sm:prod/rampart/db#url"] = "postgresql://rampart:s3cr3t@db:5432/rampart";
  const auto loaded = LoadWith(
      dir, {{"RAMPART_DATABASE_URL", "aws-sm:prod/rampart/db#url"}, {"AWS_REGION", "eu-west-1"}},
      &resolver);
  ASSERT_TRUE(loaded.problems.empty()) << loaded.problems.front().message;
  EXPECT_EQ(loaded.settings.database_url, "postgresql://rampart:s3cr3t@db:5432/rampart");
  EXPECT_FALSE(loaded.settings.database_is_sqlite);  // rampart:only(sqlite)
  EXPECT_EQ(resolver.region_seen, "eu-west-1") << "aws.* are applied before secrets are read";
  EXPECT_EQ(loaded.settings.origins.at("database.url").Describe(),
            "RAMPART_DATABASE_URL via aws-sm:prod/rampart/db#url");
  const auto shown = RenderEffective(loaded.settings);
  EXPECT_THAT(shown, HasSubstr("(RAMPART_DATABASE_URL via aws-sm:prod/rampart/db#url)"));
  EXPECT_THAT(shown, Not(HasSubstr("s3cr3t")));
}
// rampart:end

TEST(SecretReferences, AnUnreadableSecretIsOneLineNamingTheSettingAndTheSecret) {
  TestConfigDir dir;
  Resolver resolver;
  resolver.answers["aws-sm:prod/metrics"] = std::unexpected(
      std::string("Secrets Manager GetSecretValue: ResourceNotFoundException (400)"));
  const auto loaded =
      LoadWith(dir, {{"RAMPART_METRICS_TOKEN", "aws-sm:prod/metrics"}}, &resolver);
  ASSERT_EQ(loaded.problems.size(), 1U);
  EXPECT_EQ(loaded.problems[0].key, "telemetry.metrics_token");
  EXPECT_EQ(loaded.problems[0].message,
            "config: RAMPART_METRICS_TOKEN (telemetry.metrics_token, from environment): the value "
            "names secret aws-sm:prod/metrics, which cannot be read: Secrets Manager "
            "GetSecretValue: ResourceNotFoundException (400)");
}

TEST(SecretReferences, AValueTheSettingRefusesIsReportedWithoutTheValue) {
  TestConfigDir dir;
  Resolver resolver;
  resolver.answers["aws-sm:db"] = "mysql://root:hunter2@db/x";
  const auto loaded = LoadWith(dir, {{"RAMPART_DATABASE_URL", "aws-sm:db"}}, &resolver);
  ASSERT_EQ(loaded.problems.size(), 1U);
  EXPECT_THAT(loaded.problems[0].message, HasSubstr("names secret aws-sm:db, which holds a value"));
  EXPECT_THAT(loaded.problems[0].message, Not(HasSubstr("hunter2")));
}

TEST(SecretReferences, WithoutAResolverAReferenceIsAProblem) {
  TestConfigDir dir;
  const auto loaded = LoadWith(dir, {{"RAMPART_METRICS_TOKEN", "aws-sm:metrics"}}, nullptr);
  ASSERT_FALSE(loaded.problems.empty());
  EXPECT_THAT(loaded.problems[0].message, HasSubstr("aws-sm:metrics"));
}

TEST(SecretReferences, ALaterLayersValueReplacesAReferenceAndPublicSettingsTakeTheText) {
  TestConfigDir dir;
  dir.Write("rampart.toml", "[telemetry]\nmetrics_token = \"aws-sm:from-file\"\n");
  Resolver resolver;
  const auto loaded = LoadWith(
      dir, {{"RAMPART_METRICS_TOKEN", "Plain-scrape-token-0123"}, {"DD_SERVICE", "aws-sm:x"}},
      &resolver);
  ASSERT_TRUE(loaded.problems.empty()) << loaded.problems.front().message;
  EXPECT_TRUE(resolver.asked.empty());
  EXPECT_EQ(loaded.settings.metrics_token, "Plain-scrape-token-0123");
}

TEST(SecretReferences, TheEndpointsOfSecretsManagerCannotComeFromIt) {
  TestConfigDir dir;
  Resolver resolver;
  const auto loaded = LoadWith(dir, {{"AWS_ENDPOINT_URL", "aws-sm:endpoint"}}, &resolver);
  ASSERT_EQ(loaded.problems.size(), 1U);
  EXPECT_THAT(loaded.problems[0].message, HasSubstr("cannot come from Secrets Manager"));
  EXPECT_FALSE(AcceptsSecretReference("aws.endpoint_url_secrets_manager"));
  EXPECT_TRUE(AcceptsSecretReference("database.url"));
  EXPECT_FALSE(AcceptsSecretReference("server.listen"));
}

// rampart:begin(postgres)
TEST(SecretReferences, ARotationFunctionsJsonSecretBecomesAPostgresUrl) {
  EXPECT_EQ(
      DatabaseUrlFromSecret(R"({"engine":"postgres","host":"db.example","port":5432,)"
                            R"("username":"rampart","password":"p@ss/w:rd","dbname":"rampart"})"),
      "postgresql://rampart:p%40ss%2Fw%3Ard@db.example:5432/rampart");
  EXPECT_EQ(DatabaseUrlFromSecret(R"({"host":"h","username":"u","password":"p"})"),
            "postgresql://u:p@h:5432/postgres");
  EXPECT_EQ(DatabaseUrlFromSecret("postgresql://u@h/d"), "postgresql://u@h/d");
  const auto no_host = DatabaseUrlFromSecret(R"({"username":"u","password":"hunter2"})");
  ASSERT_FALSE(no_host);
  EXPECT_THAT(no_host.error(), Not(HasSubstr("hunter2")));
  EXPECT_FALSE(
      DatabaseUrlFromSecret(R"({"engine":"mysql","host":"h","username":"u","password":"p"})"));

  TestConfigDir dir;
  Resolver resolver;
  resolver.answers["aws-sm:rds-db"] = R"({"host":"db","username":"u","password":"p","dbname":"r"})";
  const auto loaded = LoadWith(dir, {{"RAMPART_DATABASE_URL", "aws-sm:rds-db"}}, &resolver);
  ASSERT_TRUE(loaded.problems.empty()) << loaded.problems.front().message;
  EXPECT_EQ(loaded.settings.database_url, "postgresql://u:p@db:5432/r");
}
// rampart:end

}  // namespace
}  // namespace rampart::config
