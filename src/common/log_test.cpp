#include "common/log.hpp"
#include "common/log_capture.hpp"

#include <gtest/gtest.h>
#include <boost/json/src.hpp>  // header-only Boost.JSON, to check that lines are valid JSON

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/log_line.hpp"

namespace rampart::log {
namespace {

namespace json = boost::json;

using test_support::CaptureSink;

class LogTest : public testing::Test {
 protected:
  void Use(Options options) {
    options.sink = sink_;
    Configure(options);
  }
  void TearDown() override { Configure({.level = "info"}); }

  json::object OnlyLineAsJson() {
    const auto lines = sink_->Lines();
    EXPECT_EQ(lines.size(), 1u);
    if (lines.empty()) return {};
    return json::parse(lines.front()).as_object();
  }

  std::shared_ptr<CaptureSink> sink_ = std::make_shared<CaptureSink>();
};

TEST_F(LogTest, WritesOneJsonObjectPerLineWithStandardKeysFirst) {
  Use({.level = "info"});
  Info("http", "request done",
       {{"status", 200}, {"path", "/api/v1/notes"}, {"durationMs", 1.25}, {"cached", false}});
  const auto lines = sink_->Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].starts_with(R"({"timestamp":")")) << lines[0];
  const auto object = json::parse(lines[0]).as_object();
  EXPECT_EQ(object.at("level"), "info");
  EXPECT_EQ(object.at("logger"), "http");
  EXPECT_EQ(object.at("msg"), "request done");
  EXPECT_EQ(object.at("status").as_int64(), 200);
  EXPECT_EQ(object.at("path"), "/api/v1/notes");
  EXPECT_DOUBLE_EQ(object.at("durationMs").as_double(), 1.25);
  EXPECT_EQ(object.at("cached").as_bool(), false);
}

TEST_F(LogTest, TimestampIsUtcWithMilliseconds) {
  std::string out;
  // 2026-11-28T13:16:24.123Z
  const auto time = std::chrono::sys_days{std::chrono::year{2026} / 11 / 28} +
                    std::chrono::hours{13} + std::chrono::minutes{16} + std::chrono::seconds{24} +
                    std::chrono::milliseconds{123};
  AppendTimestamp(out, std::chrono::system_clock::time_point(time));
  EXPECT_EQ(out, "2026-11-28T13:16:24.123Z");
  out.clear();
  AppendTimestamp(out, std::chrono::system_clock::time_point(time + std::chrono::seconds{1} -
                                                             std::chrono::milliseconds{123}));
  EXPECT_EQ(out, "2026-11-28T13:16:25.000Z");
}

TEST_F(LogTest, HostileValuesStayValidJson) {
  Use({.level = "info"});
  const std::string hostile = "line1\n{\"level\":\"error\"}\r\t\x01 \xFF caf\xC3\xA9 \\";
  Warn("http", hostile, {{hostile, hostile}});
  const auto object = OnlyLineAsJson();
  EXPECT_EQ(object.at("level"), "warn");
  EXPECT_EQ(object.at("msg").as_string(),
            "line1\n{\"level\":\"error\"}\r\t\x01 \xEF\xBF\xBD caf\xC3\xA9 \\");
  EXPECT_EQ(sink_->Lines()[0].find('\n'), std::string::npos);
}

TEST_F(LogTest, DisabledLevelsWriteNothing) {
  Use({.level = "warn"});
  Debug("db", "query");
  Info("db", "connected");
  Error("db", "lost connection");
  const auto lines = sink_->Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("lost connection"), std::string::npos);
  EXPECT_FALSE(Enabled(Level::info, "db"));
  EXPECT_TRUE(Enabled(Level::err, "db"));
}

TEST_F(LogTest, ComponentLevelsOverrideTheDefault) {
  Use({.level = "info", .component_levels = {{"http", "warn"}, {"db", "debug"}}});
  Info("http", "access");
  Debug("db", "query");
  Debug("auth", "hidden");
  Info("auth", "shown");
  const auto lines = sink_->Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(R"("msg":"query")"), std::string::npos);
  EXPECT_NE(lines[1].find(R"("msg":"shown")"), std::string::npos);
}

TEST_F(LogTest, OffSilencesEverything) {
  Use({.level = "off"});
  Error("x", "nothing");
  EXPECT_TRUE(sink_->Lines().empty());
}

TEST_F(LogTest, InvalidLevelIsRejectedWithItsName) {
  EXPECT_THROW(Configure({.level = "verbose"}), std::invalid_argument);
  try {
    Configure({.level = "info", .component_levels = {{"db", "loud"}}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("loud"), std::string::npos);
  }
  EXPECT_EQ(ParseLevel("warning"), Level::warn);
  EXPECT_EQ(ParseLevel("error"), Level::err);
  EXPECT_EQ(ParseLevel("INFO"), std::nullopt);
}

TEST_F(LogTest, StaticFieldsAreOnEveryLine) {
  Use({.level = "info", .static_fields = {{"service", "rampart"}, {"env", "test"}}});
  Info("main", "started");
  const auto object = OnlyLineAsJson();
  EXPECT_EQ(object.at("service"), "rampart");
  EXPECT_EQ(object.at("env"), "test");
}

TEST_F(LogTest, NonFiniteNumbersBecomeNull) {
  Use({.level = "info"});
  Info("m", "n", {{"ratio", std::numeric_limits<double>::quiet_NaN()}});
  EXPECT_TRUE(OnlyLineAsJson().at("ratio").is_null());
}

TEST_F(LogTest, TextFormatIsOneReadableLine) {
  Use({.level = "info", .format = Format::kText});
  Info("http", "request", {{"status", 404}, {"path", "/a b"}, {"evil", "x\ny"}});
  const auto lines = sink_->Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(" INFO  http: request status=404 path=\"/a b\" evil=\"x\\ny\""),
            std::string::npos)
      << lines[0];
}

TEST_F(LogTest, AsyncWriterDeliversEveryLineByShutdown) {
  Use({.level = "info", .async = true});
  for (int i = 0; i < 100; ++i) Info("bulk", "line", {{"i", i}});
  // Swapping the configuration drops the last reference to the async pool, which joins it
  // after writing its queue.
  Configure({.level = "info", .sink = std::make_shared<CaptureSink>()});
  EXPECT_EQ(sink_->Lines().size(), 100u);
}

TEST_F(LogTest, ConcurrentWritersProduceWholeLines) {
  Use({.level = "info"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 250; ++i) Info("load", "tick", {{"thread", t}, {"i", i}});
    });
  }
  for (auto& thread : threads) thread.join();
  const auto lines = sink_->Lines();
  ASSERT_EQ(lines.size(), 1000u);
  for (const auto& line : lines) EXPECT_NO_THROW(json::parse(line)) << line;
}

TEST_F(LogTest, FieldsAcceptCommonTypes) {
  Use({.level = "info"});
  const std::string owned = "owned";
  const std::size_t bytes = 42;
  const char* c_string = "c";
  Info("t", "types", {{"owned", owned}, {"bytes", bytes}, {"c", c_string}, {"flag", true}});
  const auto object = OnlyLineAsJson();
  EXPECT_EQ(object.at("owned"), "owned");
  EXPECT_EQ(object.at("bytes").as_int64(), 42);
  EXPECT_EQ(object.at("c"), "c");
  EXPECT_EQ(object.at("flag").as_bool(), true);
}

}  // namespace
}  // namespace rampart::log

namespace rampart::log {
namespace {

TEST_F(LogTest, RuntimeFieldListsAreWritten) {
  Use({.level = "info"});
  std::vector<Field> fields{{"a", 1}};
  fields.emplace_back("b", "two");
  Write(Level::info, "t", "runtime", fields);
  Write(Level::info, "t", "braced", {{"c", 3}});
  const auto lines = sink_->Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(R"("a":1,"b":"two")"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(R"("c":3)"), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace rampart::log
