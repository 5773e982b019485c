// Load's cross-setting rules: the edge settings, the pools and thread counts, reporting every
// problem at once.
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

class EdgeSettingsTest : public ::testing::Test {
 protected:
  std::expected<Settings, std::string> LoadWith(std::map<std::string, std::string> environment) {
    return Load({.config_dir = dir_.path(), .environment = std::move(environment)});
  }
  TestConfigDir dir_;
};

TEST_F(EdgeSettingsTest, SecureDefaults) {
  const auto s = LoadWith({});
  ASSERT_TRUE(s) << s.error();
  EXPECT_TRUE(s->rate_limit_enabled);
  EXPECT_TRUE(s->cors_origins.empty());
  EXPECT_TRUE(s->trusted_proxies.empty());
  EXPECT_FALSE(s->tls_enabled);
  EXPECT_FALSE(s->cors_credentials);
  EXPECT_EQ(s->rate_limit_auth_limit, 10u);  // rampart:only(iam)
}

TEST_F(EdgeSettingsTest, ParsesListsAndNamesTheBadEntry) {
  const auto s =
      LoadWith({{"RAMPART_TRUSTED_PROXIES", " 10.0.0.0/8 , ::1"},
                {"RAMPART_CORS_ORIGINS", "https://app.example.com, http://localhost:3000"}});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->trusted_proxies, (std::vector<std::string>{"10.0.0.0/8", "::1"}));
  EXPECT_EQ(s->cors_origins,
            (std::vector<std::string>{"https://app.example.com", "http://localhost:3000"}));

  const auto bad_proxy = LoadWith({{"RAMPART_TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0.1/8"}});
  ASSERT_FALSE(bad_proxy);
  EXPECT_NE(bad_proxy.error().find("RAMPART_TRUSTED_PROXIES"), std::string::npos);
  EXPECT_NE(bad_proxy.error().find("\"10.0.0.1/8\""), std::string::npos) << bad_proxy.error();

  for (const char* origin : {"https://app.example.com/", "app.example.com", "ftp://x",
                             "https://App.example.com", "https://a.example.com/path"}) {
    EXPECT_FALSE(LoadWith({{"RAMPART_CORS_ORIGINS", origin}})) << origin;
  }
  EXPECT_FALSE(LoadWith({{"RAMPART_CORS_METHODS", "GET, PO ST"}}));
}

TEST_F(EdgeSettingsTest, TlsNeedsItsFilesAndWindowsAreBounded) {
  const auto tls = LoadWith({{"RAMPART_TLS_ENABLED", "true"}});
  ASSERT_FALSE(tls);
  EXPECT_NE(tls.error().find("tls.cert_file"), std::string::npos) << tls.error();
  EXPECT_FALSE(LoadWith({{"RAMPART_RATE_LIMIT_IP_WINDOW", "2d"}}));
  EXPECT_TRUE(LoadWith({{"RAMPART_RATE_LIMIT_IP_WINDOW", "1d"}}));
}

// rampart:begin(postgres)
TEST_F(LoadTest, OnPostgresTheDefaultWorkerPoolMatchesTheConnectionPool) {
  const std::string url = "postgresql://app:secret@db.internal:5432/rampart";
  auto postgres = LoadWith({{"RAMPART_DATABASE_URL", url}});
  ASSERT_TRUE(postgres) << postgres.error();
  EXPECT_FALSE(postgres->database_is_sqlite);  // rampart:only(sqlite)
  EXPECT_GE(postgres->worker_threads, 16);
  EXPECT_EQ(postgres->database_pool_max_size, 16);
  EXPECT_EQ(postgres->database_statement_timeout, 5s);

  auto bigger = LoadWith({{"RAMPART_DATABASE_URL", url}, {"RAMPART_DATABASE_POOL_MAX_SIZE", "40"}});
  ASSERT_TRUE(bigger) << bigger.error();
  EXPECT_EQ(bigger->worker_threads, 40);
  // rampart:begin(sqlite)
  // An explicit worker count wins; SQLite keeps one worker per core.
  // rampart:else
  // // An explicit worker count wins.
  // rampart:end
  auto explicit_workers =
      LoadWith({{"RAMPART_DATABASE_URL", url}, {"RAMPART_WORKER_THREADS", "3"}});
  EXPECT_EQ(explicit_workers->worker_threads, 3);
  EXPECT_EQ(LoadWith()->worker_threads, UsableCores());  // rampart:only(sqlite)
}
// rampart:end

// Not just the first: every value that fails and every rule that fails, each with its setting,
// while the settings that parsed keep their values (issue 17: config check and serve disagreed).
TEST_F(LoadTest, LoadAllReportsEveryProblemWithTheSettingItBlames) {
  const auto loaded = LoadAll({.config_dir = dir_.path(),
                               .environment = {{"RAMPART_LISTEN", "abc"},
                                               {"RAMPART_IO_THREADS", "many"},
                                               {"RAMPART_METRICS_ACCESS", "token"},
                                               {"RAMPART_RATE_LIMIT_IP_WINDOW", "2d"},
                                               {"RAMPART_DATA_DIR", "/srv/rampart"}},
                               .overrides = {}});
  std::vector<std::string> keys;
  for (const auto& problem : loaded.problems) {
    keys.push_back(problem.key);
    EXPECT_THAT(problem.message, HasSubstr("config: "));
  }
  EXPECT_THAT(keys,
              ::testing::UnorderedElementsAre("server.listen", "server.io_threads",
                                              "telemetry.metrics_access", "rate_limit.ip_window"));
  EXPECT_EQ(loaded.settings.data_dir, "/srv/rampart");
  EXPECT_EQ(loaded.settings.Listen(), "127.0.0.1:8080");  // the layer below's value
  // Load reports the same, one line each.
  const auto error = ErrorOf({{"RAMPART_LISTEN", "abc"}, {"RAMPART_IO_THREADS", "many"}});
  EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 1) << error;
}

TEST_F(LoadTest, UnknownLogComponentsAreRefusedAndZeroSwitchesTheSlowRequestLogOff) {
  EXPECT_THAT(ErrorOf({{"RAMPART_LOG_LEVELS", "http=warn,htp=debug"}}),
              HasSubstr("names a component \"htp\" that does not log"));
  const auto off = LoadWith({{"RAMPART_SLOW_REQUEST_THRESHOLD", "0"}});
  ASSERT_TRUE(off) << off.error();
  EXPECT_EQ(off->slow_request_threshold.count(), 0);
}

// rampart:begin(iam)
TEST_F(LoadTest, TheHashingQueueTimeoutMayBeZero) {
  for (const char* zero : {"0", "0ms", "0s"}) {
    auto loaded = LoadWith({{"RAMPART_ARGON2_QUEUE_TIMEOUT", zero}});
    ASSERT_TRUE(loaded) << zero << ": " << loaded.error();
    EXPECT_EQ(loaded->argon2_queue_timeout.count(), 0) << zero;
  }
  EXPECT_EQ(LoadWith({{"RAMPART_ARGON2_QUEUE_TIMEOUT", "250ms"}})->argon2_queue_timeout,
            std::chrono::milliseconds(250));
  EXPECT_FALSE(LoadWith({{"RAMPART_ARGON2_QUEUE_TIMEOUT", "0x"}}));
  EXPECT_EQ(LoadWith({{"RAMPART_ARGON2_MAX_CONCURRENT", "3"}})->argon2_max_concurrent, 3);
}
// rampart:end

// `taskset -c 0 rampart serve`: one I/O thread and one worker, however many cores the machine
// has (the cgroup v2 quota lowers it the same way: common/usable_cores_test.cpp).
TEST_F(LoadTest, DefaultThreadCountsFollowTheCpuAffinity) {
  cpu_set_t original;
  ASSERT_EQ(sched_getaffinity(0, sizeof original, &original), 0);
  int first = 0;
  while (!CPU_ISSET(first, &original)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  auto sqlite = LoadWith();  // rampart:only(sqlite)
  auto postgres = LoadWith({{"RAMPART_DATABASE_URL", "postgresql://db.internal/rampart"}});  // rampart:only(postgres)
  ASSERT_EQ(sched_setaffinity(0, sizeof original, &original), 0);
  // rampart:begin(sqlite)
  ASSERT_TRUE(sqlite);
  EXPECT_EQ(sqlite->io_threads, 1);
  EXPECT_EQ(sqlite->worker_threads, 1);
  // rampart:end
  // rampart:begin(postgres)
  ASSERT_TRUE(postgres);
  EXPECT_EQ(postgres->io_threads, 1);
  EXPECT_EQ(postgres->worker_threads, 16);  // one per pooled connection (database.pool.max_size)
  // rampart:end
}

// rampart:begin(postgres)
TEST_F(LoadTest, APoolMinimumAboveItsMaximumIsRefused) {
  const auto error = ErrorOf({{"RAMPART_DATABASE_POOL_MIN_SIZE", "20"}});
  EXPECT_NE(error.find("database.pool.min_size"), std::string::npos) << error;
  EXPECT_NE(error.find("database.pool.max_size (16)"), std::string::npos) << error;
}
// rampart:end

}  // namespace
}  // namespace rampart::config
