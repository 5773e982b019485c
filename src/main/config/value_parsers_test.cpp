#include "main/config/value_parsers.hpp"

#include <array>

#include <gtest/gtest.h>

namespace rampart::config {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, AcceptsEveryUnitAndBareSeconds) {
  EXPECT_EQ(ParseDuration("500ms"), 500ms);
  EXPECT_EQ(ParseDuration("15s"), 15s);
  EXPECT_EQ(ParseDuration("10m"), 10min);
  EXPECT_EQ(ParseDuration("2h"), 2h);
  EXPECT_EQ(ParseDuration("14d"), std::chrono::days(14));
  EXPECT_EQ(ParseDuration("30"), 30s);
}

TEST(ParseDuration, RejectsZeroNegativeFractionsAndUnknownUnits) {
  for (const char* bad :
       {"0", "0s", "-5s", "1.5s", "15 s", "s", "", "15sec", "10M", "abc", "1e3"}) {
    const auto parsed = ParseDuration(bad);
    EXPECT_FALSE(parsed.has_value()) << bad;
  }
  EXPECT_EQ(ParseDuration("0ms").error(), "must be greater than zero");
  EXPECT_NE(ParseDuration("5x").error().find("is not a duration"), std::string::npos);
}

TEST(ParseDuration, RejectsValuesThatWouldOverflowLater) {
  EXPECT_EQ(ParseDuration("3650d"), std::chrono::days(3650));
  EXPECT_FALSE(ParseDuration("3651d"));
  EXPECT_FALSE(ParseDuration("999999999999d"));  // would overflow 64-bit milliseconds
  EXPECT_FALSE(ParseDuration("99999999999999999999999"));
}

TEST(FormatDuration, PicksTheLargestExactUnit) {
  EXPECT_EQ(FormatDuration(15s), "15s");
  EXPECT_EQ(FormatDuration(10min), "10m");
  EXPECT_EQ(FormatDuration(std::chrono::days(90)), "90d");
  EXPECT_EQ(FormatDuration(90min), "90m");
  EXPECT_EQ(FormatDuration(1500ms), "1500ms");
  EXPECT_EQ(FormatDuration(36h), "36h");
}

TEST(ParseBool, AcceptsCommonSpellings) {
  for (const char* yes : {"true", "TRUE", "yes", "on", "1"}) EXPECT_EQ(ParseBool(yes), true) << yes;
  for (const char* no : {"false", "No", "off", "0"}) EXPECT_EQ(ParseBool(no), false) << no;
  EXPECT_FALSE(ParseBool("maybe"));
  EXPECT_FALSE(ParseBool(""));
}

TEST(ParseInteger, ChecksSyntaxAndRange) {
  EXPECT_EQ(ParseInteger("42", 0, 100), 42);
  EXPECT_EQ(ParseInteger("-3", -5, 5), -3);
  EXPECT_EQ(ParseInteger("4x", 0, 100).error(), "is not an integer");
  EXPECT_EQ(ParseInteger("", 0, 100).error(), "is not an integer");
  EXPECT_EQ(ParseInteger("+4", 0, 100).error(), "is not an integer");
  EXPECT_EQ(ParseInteger(" 4", 0, 100).error(), "is not an integer");
  EXPECT_EQ(ParseInteger("101", 0, 100).error(), "must be between 0 and 100");
  EXPECT_EQ(ParseInteger("99999999999999999999", 0, 100).error(), "must be between 0 and 100");
  EXPECT_EQ(ParseInteger("2", 1, 1).error(), "must be 1");
}

TEST(ParseHostPort, AcceptsIpv4Ipv6AndHostnames) {
  auto v4 = ParseHostPort("127.0.0.1:8080");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8080);
  auto v6 = ParseHostPort("[::1]:443");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 443);
  auto name = ParseHostPort("api.example-1.com:0");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->host, "api.example-1.com");
  EXPECT_EQ(name->port, 0);
  EXPECT_EQ(ParseHostPort("0.0.0.0:65535")->port, 65535);
}

TEST(ParseHostPort, RejectsMalformedAddresses) {
  for (const char* bad :
       {"abc", "127.0.0.1", ":8080", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
        "127.0.0.1:80a", "256.0.0.1:80", "1.2.3:80", "::1:80", "[::1]80", "[::1", "[zz::1]:80",
        "-bad.example:80", "a..b:80", "host name:80", "host_name:80"}) {
    EXPECT_FALSE(ParseHostPort(bad)) << bad;
  }
  EXPECT_NE(ParseHostPort("abc").error().find("is not host:port"), std::string::npos);
  EXPECT_NE(ParseHostPort("::1:80").error().find("brackets"), std::string::npos);
  EXPECT_NE(ParseHostPort("1.2.3.4:99999").error().find("port"), std::string::npos);
}

TEST(FormatHostPort, BracketsIpv6) {
  EXPECT_EQ(FormatHostPort("::1", 80), "[::1]:80");
  EXPECT_EQ(FormatHostPort("localhost", 80), "localhost:80");
}

TEST(ParseChoice, IsCaseInsensitiveAndListsTheChoices) {
  constexpr std::array<std::string_view, 2> kChoices{"json", "text"};
  EXPECT_EQ(ParseChoice("JSON", kChoices), "json");
  EXPECT_EQ(ParseChoice("xml", kChoices).error(), "is not one of json, text");
}

TEST(ValidateIssuerUrl, WantsAnHttpUrlWithoutQuery) {
  EXPECT_TRUE(ValidateIssuerUrl("https://id.example.com"));
  EXPECT_TRUE(ValidateIssuerUrl("http://127.0.0.1:8080/realm"));
  for (const char* bad : {"id.example.com", "ftp://x", "https://", "https:///path", "https://x?a=b",
                          "https://x#f", "https://user@x", "https://a b"}) {
    EXPECT_FALSE(ValidateIssuerUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace rampart::config
