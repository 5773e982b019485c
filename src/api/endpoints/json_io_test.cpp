#include "api/endpoints/json_io.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <regex>

namespace rampart::api {
namespace {

// The /health latencies (milliseconds rounded to 3 decimals) and the other doubles of JSON
// bodies: plain decimals, no exponent, and the same numbers when parsed back.
TEST(SerializeJson, WritesDoublesWithoutAnExponent) {
  const std::pair<double, const char*> cases[] = {{0.475, "0.475"},
                                                  {12.0, "12"},
                                                  {0.0, "0"},
                                                  {1234.567, "1234.567"},
                                                  {-0.001, "-0.001"},
                                                  {0.000001, "0.000001"},
                                                  {123456789.125, "123456789.125"},
                                                  {0.1 + 0.2, "0.30000000000000004"}};
  for (const auto& [value, text] : cases) {
    EXPECT_EQ(SerializeJson(boost::json::value(value)), text) << value;
    EXPECT_NE(boost::json::serialize(boost::json::value(value)).find_first_of("eE"),
              std::string::npos)
        << "Boost.JSON's own text for " << value << " (what this replaces)";
  }
}

TEST(SerializeJson, ExtremesKeepAnExponentAndNonFiniteBecomesNull) {
  EXPECT_EQ(SerializeJson(boost::json::value(1e300)), "1e+300");
  EXPECT_EQ(SerializeJson(boost::json::value(1e-9)), "1e-09");
  EXPECT_EQ(SerializeJson(boost::json::value(std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(SerializeJson(boost::json::value(std::nan(""))), "null");
}

TEST(SerializeJson, EverythingElseIsBoostJsonsTextAndParsesBackTheSame) {
  boost::json::value document = {
      {"status", "up"},
      {"checks",
       {{"database", {{"status", "up"}, {"latencyMs", 0.475}}},
        {"cache", {{"status", "degraded"}, {"latencyMs", 12.5}, {"detail", "quote \" \x01 é"}}}}},
      {"counts", {1, -2, 3.25, true, nullptr, "x"}},
      {"big", std::uint64_t{18446744073709551615ULL}},
      {"empty", boost::json::object{}},
      {"none", boost::json::array{}}};
  const std::string text = SerializeJson(document);
  EXPECT_FALSE(std::regex_search(text, std::regex("[0-9][eE]"))) << text;
  EXPECT_NE(text.find(R"("latencyMs":0.475)"), std::string::npos) << text;
  EXPECT_EQ(boost::json::parse(text), document);
  // Without doubles the text is byte for byte Boost.JSON's.
  document.as_object().erase("checks");
  document.as_object()["counts"].as_array().erase(
      document.as_object()["counts"].as_array().begin() + 2);
  EXPECT_EQ(SerializeJson(document), boost::json::serialize(document));
}

}  // namespace
}  // namespace rampart::api

namespace rampart::api {
namespace {

TEST(IsJsonMediaType, AcceptsJsonWithAUtf8CharsetAndStructuredSuffixes) {
  for (const char* ok : {"application/json", "Application/JSON", "application/json; charset=utf-8",
                         "application/json;charset=\"UTF-8\"", "application/json ; foo=bar",
                         "application/merge-patch+json", "application/problem+json; charset=utf-8"}) {
    EXPECT_TRUE(IsJsonMediaType(ok)) << ok;
  }
}

TEST(IsJsonMediaType, RefusesEverythingAFormCanSendAndOtherCharsets) {
  for (const char* bad : {"", "text/plain", "text/plain; charset=utf-8",
                          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                          "text/json", "application/jsonp", "application/+json", "json",
                          "application/json; charset=iso-8859-1", "text/plain+json"}) {
    EXPECT_FALSE(IsJsonMediaType(bad)) << bad;
  }
}

Request BodyRequest(std::string body, std::string content_type) {
  Request request;
  request.path = "/api/v1/notes";
  request.body = std::move(body);
  if (!content_type.empty()) request.headers.emplace_back("content-type", std::move(content_type));
  return request;
}

TEST(ParseJsonObject, Answers415ForABodyThatIsNotDeclaredJson) {
  for (const char* type : {"text/plain", "", "application/x-www-form-urlencoded"}) {
    const auto parsed = ParseJsonObject(BodyRequest(R"({"email":"a@b.co"})", type));
    ASSERT_FALSE(parsed) << type;
    EXPECT_EQ(parsed.error().status, 415) << type;
    EXPECT_EQ(parsed.error().content_type, "application/problem+json");
    EXPECT_NE(parsed.error().body.find(R"("type":"/problems/unsupported-media-type")"),
              std::string::npos);
  }
}

TEST(ParseJsonObject, ReadsJsonAndKeeps400ForAMissingOrMalformedBody) {
  EXPECT_TRUE(ParseJsonObject(BodyRequest(R"({"a":1})", "application/json; charset=utf-8")));
  EXPECT_EQ(ParseJsonObject(BodyRequest("", "")).error().status, 400);  // no body at all
  EXPECT_EQ(ParseJsonObject(BodyRequest("[1]", "application/json")).error().status, 400);
  EXPECT_EQ(ParseJsonObject(BodyRequest("", "text/plain")).error().status, 415);
}

}  // namespace
}  // namespace rampart::api
