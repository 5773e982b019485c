#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>
#include <thread>

#include "common/usable_cores.hpp"
#include "main/config/config.hpp"
#include "main/config/load_test_fixture.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::TestConfigDir;


TEST_F(LoadTest, DefaultsMatchTheSpecification) {
  auto loaded = LoadWith();
  ASSERT_TRUE(loaded) << loaded.error();
  const Settings& s = *loaded;
  const int cores = UsableCores();
  EXPECT_EQ(s.env, "development");
  EXPECT_FALSE(s.IsProduction());
  EXPECT_EQ(s.listen_host, "127.0.0.1");
  EXPECT_EQ(s.listen_port, 8080);
  EXPECT_EQ(s.Listen(), "127.0.0.1:8080");
  EXPECT_EQ(s.io_threads, cores);
  // rampart:begin(sqlite)
  EXPECT_EQ(s.worker_threads, cores);
  // rampart:else
  // EXPECT_EQ(s.worker_threads, std::max(cores, 16));  // one per pooled connection (PostgreSQL)
  // rampart:end
  EXPECT_EQ(s.worker_queue_limit, 1024U);
  EXPECT_EQ(s.max_body_bytes, 1048576U);
  EXPECT_EQ(s.max_header_bytes, 16384U);
  EXPECT_EQ(s.read_timeout, 15s);
  EXPECT_EQ(s.idle_timeout, 60s);
  EXPECT_EQ(s.shutdown_timeout, 10s);
  EXPECT_EQ(s.data_dir, "./data");
  // rampart:begin(sqlite)
  EXPECT_EQ(s.database_url, "sqlite://./data/rampart.db");
  EXPECT_TRUE(s.database_is_sqlite);
  EXPECT_EQ(s.sqlite_path, "./data/rampart.db");
  EXPECT_FALSE(s.allow_sqlite_in_production);
  // rampart:else
  // EXPECT_EQ(s.database_url, "");  // no default: the commands refuse it empty (startup_checks)
  // rampart:end
  // rampart:begin(iam)
  EXPECT_EQ(s.admin_email, "admin@localhost");
  EXPECT_EQ(s.admin_password, "");
  EXPECT_EQ(s.issuer, "http://127.0.0.1:8080");
  // rampart:else
  // EXPECT_EQ(s.issuer, "");  // the external issuer's URL: no default (serve refuses it empty)
  // rampart:end
  EXPECT_EQ(s.audience, "rampart");
  EXPECT_EQ(s.clock_skew, 30s);
  // rampart:begin(iam)
  EXPECT_EQ(s.signing_key_file, "");
  EXPECT_EQ(s.keys_dir, "./data/keys");
  EXPECT_EQ(s.access_token_ttl, 10min);
  EXPECT_EQ(s.refresh_idle_ttl, std::chrono::days(14));
  EXPECT_EQ(s.session_max_lifetime, std::chrono::days(90));
  EXPECT_EQ(s.password_min_length, 12U);
  EXPECT_EQ(s.password_max_length, 128U);
  EXPECT_EQ(s.argon2_memory_kib, 19456U);
  EXPECT_EQ(s.argon2_iterations, 2U);
  EXPECT_EQ(s.argon2_parallelism, 1U);
  EXPECT_EQ(s.argon2_max_concurrent, cores);
  EXPECT_EQ(s.argon2_queue_timeout, std::chrono::seconds(2));
  // rampart:end
  EXPECT_EQ(s.log_level, "info");
  EXPECT_EQ(s.log_format, "json");
  ASSERT_EQ(s.origins.size(), AllSettings().size());
  for (const auto& [key, origin] : s.origins) {
    EXPECT_EQ(origin.kind, Origin::Kind::kDefault) << key;
  }
}

TEST_F(LoadTest, DefaultSettingsEqualsLoadingNothing) {
  auto loaded = LoadWith();
  ASSERT_TRUE(loaded);
  EXPECT_EQ(RenderEffective(DefaultSettings()), RenderEffective(*loaded));
}

TEST_F(LoadTest, AMissingConfigDirectoryIsFine) {
  auto loaded = Load({.config_dir = dir_.path() / "does" / "not" / "exist"});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->Listen(), "127.0.0.1:8080");
}

TEST_F(LoadTest, EachLayerOverridesTheOneBefore) {
  dir_.Write("rampart.toml",
             "[server]\nlisten = \"10.0.0.1:1000\"\nio_threads = 3\nworker_threads = 3\n"
             "idle_timeout = 30\n[log]\nlevel = \"debug\"\n");
  dir_.Write("rampart.development.toml",
             "[server]\nio_threads = 5\nworker_threads = 5\n[log]\nlevel = \"warn\"\n");
  auto loaded = LoadWith({{"RAMPART_WORKER_THREADS", "7"}, {"RAMPART_LOG_LEVEL", "error"}},
                         {{"log.level", "trace"}});
  ASSERT_TRUE(loaded) << loaded.error();
  const Settings& s = *loaded;
  EXPECT_EQ(s.Listen(), "10.0.0.1:1000");  // base file
  EXPECT_EQ(s.idle_timeout, 30s);          // base file, bare seconds
  EXPECT_EQ(s.io_threads, 5);              // env file over base file
  EXPECT_EQ(s.worker_threads, 7);          // environment over env file
  EXPECT_EQ(s.log_level, "trace");         // override over environment
  EXPECT_EQ(s.origins.at("server.listen").Describe(), File("rampart.toml") + ":2");
  EXPECT_EQ(s.origins.at("server.io_threads").Describe(), File("rampart.development.toml") + ":2");
  EXPECT_EQ(s.origins.at("server.worker_threads").Describe(), "RAMPART_WORKER_THREADS");
  EXPECT_EQ(s.origins.at("log.level").Describe(), "command line");
  EXPECT_EQ(s.origins.at("log.format").Describe(), "default");
}

TEST_F(LoadTest, TheEnvironmentSelectsItsFile) {
  dir_.Write("rampart.toml", "[log]\nlevel = \"debug\"\n");
  dir_.Write("rampart.staging.toml", "[log]\nlevel = \"warn\"\n");
  dir_.Write("rampart.production.toml", "[log]\nlevel = \"error\"\n");
  EXPECT_EQ(LoadWith()->log_level, "debug");  // no rampart.development.toml: fine
  EXPECT_EQ(LoadWith({{"RAMPART_ENV", "staging"}})->log_level, "warn");
  EXPECT_EQ(LoadWith({{"RAMPART_ENV", "staging"}}, {{"env", "production"}})->log_level, "error");
  EXPECT_EQ(LoadWith({{"RAMPART_ENV", "PRODUCTION"}})->env, "production");
}

TEST_F(LoadTest, TheBaseFileMayChooseTheEnvironment) {
  dir_.Write("rampart.toml", "env = \"staging\"\n");
  dir_.Write("rampart.staging.toml", "[log]\nformat = \"text\"\n");
  auto loaded = LoadWith();
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->env, "staging");
  EXPECT_EQ(loaded->log_format, "text");
}

TEST_F(LoadTest, AnEnvironmentFileCannotSwitchToAnotherEnvironment) {
  dir_.Write("rampart.staging.toml", "env = \"production\"\n");
  EXPECT_EQ(ErrorOf({{"RAMPART_ENV", "staging"}}),
            "config: " + File("rampart.staging.toml") +
                ":1: env: \"production\" contradicts the environment \"staging\" that selected "
                "this file");
}

TEST_F(LoadTest, AnUnknownEnvironmentIsRejectedBeforeItNamesAFile) {
  EXPECT_EQ(ErrorOf({{"RAMPART_ENV", "../../etc/passwd"}}),
            "config: RAMPART_ENV (env, from environment): \"../../etc/passwd\" is not one of "
            "development, staging, production");
}

TEST_F(LoadTest, ErrorsNameTheVariableTheKeyAndTheReason) {
  EXPECT_EQ(ErrorOf({{"RAMPART_LISTEN", "abc"}}),
            "config: RAMPART_LISTEN (server.listen, from environment): \"abc\" is not host:port "
            "(e.g. 127.0.0.1:8080, [::1]:8080, localhost:8080)");
  EXPECT_EQ(ErrorOf({}, {{"server.read_timeout", "soon"}}),
            "config: server.read_timeout (from command line): \"soon\" is not a duration (use e.g. "
            "500ms, 15s, 10m, 2h, 14d)");
}

TEST_F(LoadTest, EveryValidatedSettingReportsItsOwnKey) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"RAMPART_IO_THREADS", "-1"},
      {"RAMPART_WORKER_THREADS", "many"},
      {"RAMPART_WORKER_QUEUE_LIMIT", "0"},
      {"RAMPART_MAX_BODY_BYTES", "0"},
      {"RAMPART_MAX_HEADER_BYTES", "100"},
      {"RAMPART_READ_TIMEOUT", "0s"},
      {"RAMPART_IDLE_TIMEOUT", "1y"},
      {"RAMPART_SHUTDOWN_TIMEOUT", "-1"},
      {"RAMPART_DATA_DIR", ""},
      {"RAMPART_DATABASE_URL", "mysql://x"},
      {"RAMPART_DATABASE_ALLOW_SQLITE_IN_PRODUCTION", "perhaps"},  // rampart:only(sqlite)
      {"RAMPART_ADMIN_EMAIL", "not-an-email"},  // rampart:only(iam)
      {"RAMPART_ADMIN_PASSWORD", "short"},      // rampart:only(iam)
      {"RAMPART_JWT_ISSUER", "id.example.com"},
      {"RAMPART_JWT_AUDIENCE", ""},
      {"RAMPART_JWT_CLOCK_SKEW", "soon"},
      // rampart:begin(iam)
      {"RAMPART_ACCESS_TOKEN_TTL", "1500ms"},
      {"RAMPART_REFRESH_IDLE_TTL", "100d"},
      {"RAMPART_SESSION_MAX_LIFETIME", "1d"},
      {"RAMPART_PASSWORD_MIN_LENGTH", "7"},
      {"RAMPART_PASSWORD_MAX_LENGTH", "1025"},
      {"RAMPART_ARGON2_MEMORY_KIB", "1024"},
      {"RAMPART_ARGON2_ITERATIONS", "11"},
      // rampart:end
      {"RAMPART_LOG_LEVEL", "verbose"},
      {"RAMPART_LOG_FORMAT", "xml"},
      {"RAMPART_ENV", "prod"},
  };
  for (const auto& [variable, value] : bad) {
    const auto* info = [&]() -> const SettingInfo* {
      for (const auto& s : AllSettings()) {
        if (s.env_var == variable) return &s;
      }
      return nullptr;
    }();
    ASSERT_NE(info, nullptr) << variable;
    const std::string error = ErrorOf({{variable, value}});
    EXPECT_THAT(error, ::testing::StartsWith("config: " + variable + " (" + std::string(info->key) +
                                             ", from environment): "));
  }
}

// rampart:begin(iam)
TEST_F(LoadTest, ArgonParallelismOtherThanOneExplainsWhy) {
  EXPECT_EQ(ErrorOf({{"RAMPART_ARGON2_PARALLELISM", "4"}}),
            "config: RAMPART_ARGON2_PARALLELISM (argon2.parallelism, from environment): \"4\" "
            "must be 1: libsodium's Argon2id supports parallelism 1 only");
}
// rampart:end

TEST_F(LoadTest, UnknownKeysInFilesAreErrorsWithTheirLine) {
  dir_.Write("rampart.toml", "# comment\n[server]\nio_threads = 2\nlisen = \"1.2.3.4:5\"\n");
  EXPECT_EQ(ErrorOf({}), "config: " + File("rampart.toml") +
                             ":4: unknown key \"server.lisen\" (did you mean \"server.listen\"?)");
  dir_.Write("rampart.toml", "[telemetry]\nendpoint = \"x\"\n");
  EXPECT_EQ(ErrorOf({}),
            "config: " + File("rampart.toml") + ":2: unknown key \"telemetry.endpoint\"");
  dir_.Write("rampart.toml", "[servr]\n");
  EXPECT_THAT(ErrorOf({}), HasSubstr(":1: unknown key \"servr\""));
  dir_.Write("rampart.toml", "server = 5\n");
  EXPECT_THAT(ErrorOf({}), HasSubstr(":1: unknown key \"server\""));
}

TEST_F(LoadTest, EmptyKnownSectionsAreFine) {
  dir_.Write("rampart.toml", "[server]\n# listen = \"x\"\n[auth]\n");
  EXPECT_TRUE(LoadWith());
}

TEST_F(LoadTest, UnknownOverrideKeysAreErrors) {
  EXPECT_EQ(ErrorOf({}, {{"server.listn", "127.0.0.1:80"}}),
            "config: unknown key \"server.listn\" (did you mean \"server.listen\"?) (from command "
            "line)");
  EXPECT_EQ(ErrorOf({}, {{"server.port", "80"}}),
            "config: unknown key \"server.port\" (from command line)");
}

TEST_F(LoadTest, UndeclaredEnvironmentVariablesAreIgnored) {
  EXPECT_TRUE(LoadWith({{"RAMPART_SOMETHING_ELSE", "x"}, {"PATH", "/bin"}}));
}

TEST_F(LoadTest, FileSyntaxErrorsNameFileAndLine) {
  dir_.Write("rampart.toml", "[server]\nio_threads = 2\nlisten = \"unterminated\n");
  EXPECT_THAT(ErrorOf({}), ::testing::StartsWith("config: " + File("rampart.toml") + ":3: "));
}

TEST_F(LoadTest, FileValuesMustHaveTheRightTomlType) {
  dir_.Write("rampart.toml", "[server]\nlisten = 8080\n");
  EXPECT_EQ(ErrorOf({}),
            "config: " + File("rampart.toml") + ":2: server.listen: must be a string (in quotes)");
  dir_.Write("rampart.toml", "[server]\nio_threads = \"4\"\n");
  EXPECT_THAT(ErrorOf({}), HasSubstr("server.io_threads: must be an integer"));
  // rampart:begin(sqlite)
  dir_.Write("rampart.toml", "[database]\nallow_sqlite_in_production = \"yes\"\n");
  // rampart:else
  // dir_.Write("rampart.toml", "[database]\nauto_migrate = \"yes\"\n");
  // rampart:end
  EXPECT_THAT(ErrorOf({}), HasSubstr("must be true or false"));
  dir_.Write("rampart.toml", "[server]\nread_timeout = 1.5\n");
  EXPECT_THAT(ErrorOf({}), HasSubstr("server.read_timeout: must be a duration"));
}

TEST_F(LoadTest, FileValueErrorsNameFileLineAndKey) {
  dir_.Write("rampart.production.toml", "\n[auth]\nclock_skew = \"10 minutes\"\n");
  EXPECT_THAT(ErrorOf({{"RAMPART_ENV", "production"}}),
              ::testing::StartsWith("config: " + File("rampart.production.toml") +
                                    ":3: auth.clock_skew: \"10 minutes\" is not a duration"));
}

TEST_F(LoadTest, AFolderWhereAFileShouldBeIsAnError) {
  std::filesystem::create_directory(dir_.path() / "rampart.toml");
  EXPECT_EQ(ErrorOf({}), "config: " + File("rampart.toml") + ": is not a regular file");
}

// rampart:begin(iam)
TEST_F(LoadTest, CrossFieldRulesBlameTheSettingThatWasChanged) {
  EXPECT_EQ(ErrorOf({{"RAMPART_PASSWORD_MIN_LENGTH", "200"}}),
            "config: RAMPART_PASSWORD_MIN_LENGTH (password.min_length, from environment): \"200\" "
            "is greater than password.max_length (128)");
  EXPECT_EQ(ErrorOf({{"RAMPART_PASSWORD_MAX_LENGTH", "10"}}),
            "config: RAMPART_PASSWORD_MAX_LENGTH (password.max_length, from environment): \"10\" "
            "is less than password.min_length (12)");
  EXPECT_EQ(ErrorOf({{"RAMPART_SESSION_MAX_LIFETIME", "7d"}}),
            "config: RAMPART_SESSION_MAX_LIFETIME (auth.session_max_lifetime, from environment): "
            "\"7d\" is shorter than auth.refresh_idle_ttl (14d)");
  EXPECT_TRUE(
      LoadWith({{"RAMPART_SESSION_MAX_LIFETIME", "7d"}, {"RAMPART_REFRESH_IDLE_TTL", "7d"}}));
}
// rampart:end

TEST_F(LoadTest, SecretsNeverAppearInErrors) {
  // rampart:begin(iam)
  const std::string error = ErrorOf({{"RAMPART_ADMIN_PASSWORD", "hunter2"}});
  EXPECT_EQ(error,
            "config: RAMPART_ADMIN_PASSWORD (admin.password, from environment): the value breaks "
            "the password policy: Password must be at least 12 characters.");
  // rampart:end
  EXPECT_EQ(ErrorOf({{"RAMPART_METRICS_TOKEN", "hunter2"}}),
            "config: RAMPART_METRICS_TOKEN (telemetry.metrics_token, from environment): the value "
            "must be at least 16 characters");
  // rampart:begin(postgres)
  const std::string url_error =
      ErrorOf({{"RAMPART_DATABASE_URL", "postgresql://u:hunter2@h:x/db"}});
  EXPECT_THAT(url_error,
              HasSubstr("RAMPART_DATABASE_URL (database.url, from environment): the value"));
  EXPECT_EQ(url_error.find("hunter2"), std::string::npos);
  // rampart:end
}

// rampart:begin(iam)
TEST_F(LoadTest, AdminPasswordFollowsTheConfiguredPolicy) {
  EXPECT_TRUE(LoadWith({{"RAMPART_ADMIN_PASSWORD", "a long enough password"}}));
  EXPECT_TRUE(
      LoadWith({{"RAMPART_ADMIN_PASSWORD", "short pw"}, {"RAMPART_PASSWORD_MIN_LENGTH", "8"}}));
}
// rampart:end

TEST_F(LoadTest, SecretsCanComeFromFiles) {
  const auto secret = dir_.Write("metrics-token", "correct horse battery staple\n");
  auto loaded = LoadWith({{"RAMPART_METRICS_TOKEN_FILE", secret.string()}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->metrics_token, "correct horse battery staple");
  EXPECT_EQ(loaded->origins.at("telemetry.metrics_token").Describe(),
            "RAMPART_METRICS_TOKEN_FILE");

  // rampart:begin(sqlite)
  const auto url = dir_.Write("db-url", "sqlite:///var/lib/app/app.db");
  EXPECT_EQ(LoadWith({{"RAMPART_DATABASE_URL_FILE", url.string()}})->database_url,
            "sqlite:///var/lib/app/app.db");
  // rampart:else
  // const auto url = dir_.Write("db-url", "postgresql://app:pw@db.internal/app");
  // EXPECT_EQ(LoadWith({{"RAMPART_DATABASE_URL_FILE", url.string()}})->database_url,
  //           "postgresql://app:pw@db.internal/app");
  // rampart:end

  EXPECT_THAT(ErrorOf({{"RAMPART_METRICS_TOKEN_FILE", File("missing")}}),
              HasSubstr("RAMPART_METRICS_TOKEN_FILE (telemetry.metrics_token, from environment): "
                        "cannot open"));
  EXPECT_THAT(ErrorOf({{"RAMPART_METRICS_TOKEN_FILE", secret.string()},
                       {"RAMPART_METRICS_TOKEN", "another long scrape token"}}),
              HasSubstr("set only one of them"));
  // Public settings have no _FILE form.
  EXPECT_EQ(LoadWith({{"RAMPART_LISTEN_FILE", secret.string()}})->Listen(), "127.0.0.1:8080");
}

TEST_F(LoadTest, DerivedDefaultsFollowTheSettingsTheyDependOn) {
  auto loaded =
      LoadWith({{"RAMPART_DATA_DIR", "/var/lib/rampart"}, {"RAMPART_LISTEN", "[::1]:9000"}});
  ASSERT_TRUE(loaded) << loaded.error();
  // rampart:begin(sqlite)
  EXPECT_EQ(loaded->database_url, "sqlite:///var/lib/rampart/rampart.db");
  EXPECT_EQ(loaded->sqlite_path, "/var/lib/rampart/rampart.db");
  // rampart:else
  // EXPECT_EQ(loaded->database_url, "");  // no default to derive
  // rampart:end
  EXPECT_EQ(loaded->keys_dir, "/var/lib/rampart/keys");  // rampart:only(iam)
  EXPECT_EQ(loaded->issuer, "http://[::1]:9000");       // rampart:only(iam)
  EXPECT_EQ(loaded->listen_host, "::1");
}

TEST_F(LoadTest, ExplicitDatabaseAndIssuerAreKept) {
  // rampart:begin(postgres)
  auto loaded = LoadWith({{"RAMPART_DATABASE_URL", "postgresql://u:p@db:5432/app"},
                          {"RAMPART_JWT_ISSUER", "https://id.example.com"},
                          {"RAMPART_IO_THREADS", "3"}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_FALSE(loaded->database_is_sqlite);  // rampart:only(sqlite)
  EXPECT_EQ(loaded->sqlite_path, "");  // rampart:only(sqlite)
  EXPECT_EQ(loaded->database_url, "postgresql://u:p@db:5432/app");
  // rampart:else
  // auto loaded = LoadWith({{"RAMPART_DATABASE_URL", "sqlite:///srv/app.db"},
  //                         {"RAMPART_JWT_ISSUER", "https://id.example.com"},
  //                         {"RAMPART_IO_THREADS", "3"}});
  // ASSERT_TRUE(loaded) << loaded.error();
  // EXPECT_EQ(loaded->sqlite_path, "/srv/app.db");
  // rampart:end
  EXPECT_EQ(loaded->issuer, "https://id.example.com");
  EXPECT_EQ(loaded->io_threads, 3);
  // rampart:begin(sqlite)
  // A later layer may go back to the embedded default with an empty value.
  auto back = LoadWith({{"RAMPART_DATABASE_URL", "sqlite:///srv/app.db"}}, {{"database.url", ""}});
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->database_is_sqlite);
  // rampart:else
  // // A later layer may empty it again (which the commands then refuse: no default).
  // auto back = LoadWith({{"RAMPART_DATABASE_URL", "postgresql://db/app"}}, {{"database.url", ""}});
  // ASSERT_TRUE(back);
  // EXPECT_EQ(back->database_url, "");
  // rampart:end
}

// rampart:begin(sqlite)
TEST_F(LoadTest, SqliteUrlsGiveTheirPath) {
  auto loaded = LoadWith({{"RAMPART_DATABASE_URL", "sqlite:///tmp/r.db"}});
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->database_is_sqlite);
  EXPECT_EQ(loaded->sqlite_path, "/tmp/r.db");
}
// rampart:else
// TEST_F(LoadTest, SqliteUrlsAreRefused) {
//   EXPECT_EQ(ErrorOf({{"RAMPART_DATABASE_URL", "sqlite:///tmp/r.db"}}),
//             "config: RAMPART_DATABASE_URL (database.url, from environment): the value is a "
//             "SQLite URL: this service runs on PostgreSQL only (postgresql://... or "
//             "postgres://...)");
// }
// rampart:end

TEST(EnvironmentFromProcess, ReadsOnlyRampartVariables) {
  ::setenv("RAMPART_CONFIG_TEST_VARIABLE", "a=b", 1);
  const auto environment = EnvironmentFromProcess();
  ::unsetenv("RAMPART_CONFIG_TEST_VARIABLE");
  EXPECT_EQ(environment.at("RAMPART_CONFIG_TEST_VARIABLE"), "a=b");
  for (const auto& [name, value] : environment) EXPECT_TRUE(name.starts_with("RAMPART_")) << name;
}

}  // namespace
}  // namespace rampart::config
