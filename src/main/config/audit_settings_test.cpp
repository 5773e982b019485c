// audit.retention and the other durations that can be switched off ("0"/"off").
#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/setting_info.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using namespace std::chrono_literals;

class AuditSettingsTest : public ::testing::Test {
 protected:
  std::expected<Settings, std::string> LoadWith(std::map<std::string, std::string> environment) {
    return Load({.config_dir = dir_.path(), .environment = std::move(environment)});
  }
  testing::TestConfigDir dir_;
};

TEST_F(AuditSettingsTest, RetentionIsOffByDefault) {
  const auto s = LoadWith({});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->audit_retention, 0s);
  EXPECT_EQ(s->audit_prune_interval, 1h);
  EXPECT_EQ(s->audit_prune_batch, 1000);
  EXPECT_EQ(FindSetting("audit.retention")->render(*s), "off");
}

TEST_F(AuditSettingsTest, RetentionTakesADurationOrOff) {
  for (const auto& [raw, expected] :
       std::vector<std::pair<std::string, std::chrono::seconds>>{{"400d", std::chrono::days(400)},
                                                                 {"36h", 36h},
                                                                 {"90", 90s},
                                                                 {"0", 0s},
                                                                 {"off", 0s},
                                                                 {"OFF", 0s}}) {
    const auto s = LoadWith({{"RAMPART_AUDIT_RETENTION", raw}});
    ASSERT_TRUE(s) << raw << ": " << s.error();
    EXPECT_EQ(s->audit_retention, expected) << raw;
  }
  const auto s = LoadWith({{"RAMPART_AUDIT_RETENTION", "400d"}});
  EXPECT_EQ(FindSetting("audit.retention")->render(*s), "400d");
}

TEST_F(AuditSettingsTest, RetentionRefusesWhatIsNotADuration) {
  for (const char* raw : {"of", "offf", "never", "-1d", "1500ms", "1y", ""}) {
    const auto s = LoadWith({{"RAMPART_AUDIT_RETENTION", raw}});
    ASSERT_FALSE(s) << raw;
    EXPECT_NE(s.error().find("RAMPART_AUDIT_RETENTION (audit.retention"), std::string::npos)
        << s.error();
  }
}

TEST_F(AuditSettingsTest, RetentionInATomlFileAsStringOrSeconds) {
  dir_.Write("rampart.toml", "[audit]\nretention = \"30d\"\nprune_interval = \"10m\"\n");
  auto s = LoadWith({});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->audit_retention, std::chrono::days(30));
  EXPECT_EQ(s->audit_prune_interval, 10min);
  dir_.Write("rampart.toml", "[audit]\nretention = 0\n");
  s = LoadWith({});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->audit_retention, 0s);
}

TEST_F(AuditSettingsTest, PruneBatchIsBounded) {
  EXPECT_FALSE(LoadWith({{"RAMPART_AUDIT_PRUNE_BATCH", "0"}}));
  EXPECT_FALSE(LoadWith({{"RAMPART_AUDIT_PRUNE_BATCH", "100001"}}));
  const auto s = LoadWith({{"RAMPART_AUDIT_PRUNE_BATCH", "50"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->audit_prune_batch, 50);
}

TEST_F(AuditSettingsTest, PruneIntervalCannotBeOff) {
  EXPECT_FALSE(LoadWith({{"RAMPART_AUDIT_PRUNE_INTERVAL", "0"}}));
  EXPECT_FALSE(LoadWith({{"RAMPART_AUDIT_PRUNE_INTERVAL", "off"}}));
}

// Documented as "0 turns the log off": it used to be refused ("must be greater than zero").
TEST_F(AuditSettingsTest, SlowQueryThresholdZeroTurnsTheLogOff) {
  for (const char* raw : {"0", "off"}) {
    const auto s = LoadWith({{"RAMPART_SLOW_QUERY_THRESHOLD", raw}});
    ASSERT_TRUE(s) << raw << ": " << s.error();
    EXPECT_EQ(s->slow_query_threshold, 0ms);
  }
  const auto s = LoadWith({{"RAMPART_SLOW_QUERY_THRESHOLD", "250ms"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->slow_query_threshold, 250ms);
}

}  // namespace
}  // namespace rampart::config
