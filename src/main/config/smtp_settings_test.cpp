// smtp.* and mail.from: what the SMTP adapter is configured with (docs/messaging.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

class SmtpSettingsTest : public ::testing::Test {
 protected:
  std::expected<Settings, std::string> LoadWith(std::map<std::string, std::string> environment) {
    return Load({.config_dir = dir_.path(), .environment = std::move(environment)});
  }
  testing::TestConfigDir dir_;
};

TEST_F(SmtpSettingsTest, DefaultsKeepThePickupDirectory) {
  const auto s = LoadWith({});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->smtp_url, "");
  EXPECT_EQ(s->smtp_starttls, "when_offered");
  EXPECT_FALSE(s->smtp_allow_plaintext_auth);
  EXPECT_EQ(s->smtp_ca_file, "");
  EXPECT_EQ(s->smtp_connect_timeout, 10s);
  EXPECT_EQ(s->smtp_greeting_timeout, 30s);
  EXPECT_EQ(s->smtp_command_timeout, 30s);
  EXPECT_EQ(s->smtp_data_timeout, 60s);
  EXPECT_FALSE(s->smtp_allow_pickup_in_production);
}

TEST_F(SmtpSettingsTest, TakesSmtpAndSmtpsUrlsAndTheOtherSettings) {
  const auto s = LoadWith({{"RAMPART_SMTP_URL", "smtps://relay:p%40ss@smtp.example.com:2465"},
                           {"RAMPART_SMTP_STARTTLS", "REQUIRED"},
                           {"RAMPART_SMTP_ALLOW_PLAINTEXT_AUTH", "yes"},
                           {"RAMPART_SMTP_CA_FILE", "/etc/rampart/relay-ca.pem"},
                           {"RAMPART_SMTP_HELO_NAME", "id.example.com"},
                           {"RAMPART_SMTP_DATA_TIMEOUT", "90s"}});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->smtp_url, "smtps://relay:p%40ss@smtp.example.com:2465");
  EXPECT_EQ(s->smtp_starttls, "required");
  EXPECT_TRUE(s->smtp_allow_plaintext_auth);
  EXPECT_EQ(s->smtp_ca_file, "/etc/rampart/relay-ca.pem");
  EXPECT_EQ(s->smtp_helo_name, "id.example.com");
  EXPECT_EQ(s->smtp_data_timeout, 90s);
}

TEST_F(SmtpSettingsTest, ABadUrlNamesTheSettingButNeverShowsThePassword) {
  for (const char* url : {"http://relay:hunter2-pw@smtp.example.com", "smtp://relay:hunter2-pw@",
                          "smtp://relay:hunter2-pw@smtp.example.com:99999",
                          "smtp://relay:hunter2-pw@smtp.example.com?tls=required"}) {
    const auto s = LoadWith({{"RAMPART_SMTP_URL", url}});
    ASSERT_FALSE(s) << url;
    EXPECT_THAT(s.error(), HasSubstr("RAMPART_SMTP_URL (smtp.url"));
    EXPECT_THAT(s.error(), Not(HasSubstr("hunter2")));
  }
}

TEST_F(SmtpSettingsTest, RefusesAStartTlsModeOrHeloNameItDoesNotKnow) {
  EXPECT_FALSE(LoadWith({{"RAMPART_SMTP_STARTTLS", "always"}}));
  for (const char* name : {"localhost", "3f2a9c1d", "bad name.example.com", ".example.com"}) {
    EXPECT_FALSE(LoadWith({{"RAMPART_SMTP_HELO_NAME", name}})) << name;
  }
}

TEST_F(SmtpSettingsTest, MailFromIsAMailboxAndMayHaveAUnicodeName) {
  const auto named = LoadWith({{"RAMPART_MAIL_FROM", "Caf\xC3\xA9 Identity <id@example.com>"}});
  ASSERT_TRUE(named) << named.error();
  EXPECT_EQ(named->mail_from, "Caf\xC3\xA9 Identity <id@example.com>");
  for (const char* from : {"rampart", "Name <id@example.com", "a b@example.com"}) {
    const auto s = LoadWith({{"RAMPART_MAIL_FROM", from}});
    ASSERT_FALSE(s) << from;
    EXPECT_THAT(s.error(), HasSubstr("RAMPART_MAIL_FROM (mail.from"));
  }
}

TEST_F(SmtpSettingsTest, ConfigCheckMasksTheUrlsPassword) {
  const auto s = LoadWith({{"RAMPART_SMTP_URL", "smtp://relay@example.com:hunter2-pw@relay:587"}});
  ASSERT_TRUE(s) << s.error();
  const auto text = RenderEffective(*s);
  EXPECT_THAT(text, Not(HasSubstr("hunter2")));
  EXPECT_THAT(text, HasSubstr("= smtp://relay@example.com:********@relay:587  (RAMPART_SMTP_URL)"));
}

TEST_F(SmtpSettingsTest, TheUrlMayComeFromAFile) {
  dir_.Write("smtp-url", "smtps://relay:from-file-pw@smtp.example.com\n");
  const auto s = LoadWith({{"RAMPART_SMTP_URL_FILE", (dir_.path() / "smtp-url").string()}});
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->smtp_url, "smtps://relay:from-file-pw@smtp.example.com");
}

}  // namespace
}  // namespace rampart::config
