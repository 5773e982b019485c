#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (auto end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// rampart:begin(sqlite)
// The key column is as wide as the longest key (database.allow_sqlite_in_production).
// rampart:else
// // The key column is as wide as the longest key. The expectations below are written with
// // rampart's (its longest, database.allow_sqlite_in_production, is not a setting here): the
// // text padded as there.
// std::string AsInTheTemplate(const std::string& text) {
//   std::string out;
//   for (const auto& line : Lines(text)) {
//     const auto key_end = line.find(' ');
//     const auto equals = line.find("= ", key_end);
//     out += line.substr(0, key_end) + std::string(36 - key_end, ' ') + line.substr(equals) + '\n';
//   }
//   return out;
// }
// rampart:end

TEST(RenderEffective, OneLinePerSettingWithValueAndSource) {
  // rampart:begin(sqlite)
  const std::string text = RenderEffective(DefaultSettings());
  // rampart:else
  // const std::string text = AsInTheTemplate(RenderEffective(DefaultSettings()));
  // rampart:end
  const auto lines = Lines(text);
  ASSERT_EQ(lines.size(), AllSettings().size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].starts_with(AllSettings()[i].key)) << lines[i];
    EXPECT_TRUE(lines[i].ends_with("  (default)")) << lines[i];
  }
  EXPECT_THAT(text, HasSubstr("server.listen                       = 127.0.0.1:8080  (default)\n"));
  EXPECT_THAT(text, HasSubstr("server.read_timeout                 = 15s  (default)\n"));
  EXPECT_THAT(text, HasSubstr("auth.clock_skew                     = 30s  (default)\n"));
  EXPECT_THAT(text, HasSubstr("auth.refresh_idle_ttl               = 14d  (default)\n"));  // rampart:only(iam)
  EXPECT_THAT(text, HasSubstr("telemetry.metrics_token             = \"\"  (default)\n"));
  // rampart:begin(sqlite)
  EXPECT_THAT(
      text,
      HasSubstr("database.url                        = sqlite://./data/rampart.db  (default)\n"));
  // rampart:else
  // EXPECT_THAT(text, HasSubstr("database.url                        = \"\"  (default)\n"));
  // rampart:end
}

TEST(RenderEffective, MasksSecretsAndNamesSources) {
  testing::TestConfigDir dir;
  dir.Write("rampart.toml", "[log]\nformat = \"text\"\n");
  auto loaded =
      Load({.config_dir = dir.path(),
            .environment = {{"RAMPART_METRICS_TOKEN", "correct horse battery"},
                            // rampart:begin(postgres)
                            {"RAMPART_DATABASE_URL",
                             "postgresql://rampart:s3cr3t-pw@db:5432/app?password=other"}},
                            // rampart:else
                            // },
                            // rampart:end
            .overrides = {{"server.listen", "0.0.0.0:9000"}}});
  ASSERT_TRUE(loaded) << loaded.error();
  // rampart:begin(sqlite)
  const std::string text = RenderEffective(*loaded);
  // rampart:else
  // const std::string text = AsInTheTemplate(RenderEffective(*loaded));
  // rampart:end
  EXPECT_THAT(text, Not(HasSubstr("correct horse battery")));
  // rampart:begin(postgres)
  EXPECT_THAT(text, Not(HasSubstr("s3cr3t-pw")));
  EXPECT_THAT(text, Not(HasSubstr("other")));
  // rampart:end
  EXPECT_THAT(
      text,
      HasSubstr("telemetry.metrics_token             = ********  (RAMPART_METRICS_TOKEN)\n"));
  // rampart:begin(postgres)
  EXPECT_THAT(text, HasSubstr("= postgresql://rampart:********@db:5432/app?password=********  "
                              "(RAMPART_DATABASE_URL)\n"));
  // rampart:end
  EXPECT_THAT(text,
              HasSubstr("server.listen                       = 0.0.0.0:9000  (command line)\n"));
  EXPECT_THAT(text, HasSubstr("log.format                          = text  (" +
                              (dir.path() / "rampart.toml").string() + ":2)\n"));
}

}  // namespace
}  // namespace rampart::config
