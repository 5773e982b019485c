#include "api/server/request_target.hpp"

#include <gtest/gtest.h>

namespace rampart::api {
namespace {

struct Parsed {
  TargetError error;
  std::string path;
  std::string query;
};

Parsed Parse(std::string_view target) {
  Parsed parsed;
  parsed.error = ParseTarget(target, parsed.path, parsed.query);
  return parsed;
}

TEST(RequestTargetTest, SplitsPathAndQuery) {
  const auto parsed = Parse("/api/v1/users?page=2&search=a%20b");
  EXPECT_EQ(parsed.error, TargetError::kNone);
  EXPECT_EQ(parsed.path, "/api/v1/users");
  EXPECT_EQ(parsed.query, "page=2&search=a%20b");  // decoded per parameter, later
  EXPECT_EQ(Parse("/").path, "/");
  EXPECT_EQ(Parse("/x?").query, "");
}

TEST(RequestTargetTest, DecodesThePath) {
  const auto parsed = Parse("/api/v1/users/caf%C3%A9%20x");
  EXPECT_EQ(parsed.error, TargetError::kNone);
  EXPECT_EQ(parsed.path, "/api/v1/users/caf\xC3\xA9 x");
  EXPECT_EQ(Parse("/a+b").path, "/a+b");  // '+' is a space only in queries
}

TEST(RequestTargetTest, RejectsTargetsThatAreNotPaths) {
  EXPECT_EQ(Parse("*").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("http://example.com/x").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("").error, TargetError::kNotOriginForm);
}

TEST(RequestTargetTest, RejectsMalformedEscapes) {
  EXPECT_EQ(Parse("/a%zz").error, TargetError::kMalformedEscape);
  EXPECT_EQ(Parse("/a%2").error, TargetError::kMalformedEscape);
  // A malformed escape in the query is the query's business.
  EXPECT_EQ(Parse("/a?x=%zz").error, TargetError::kNone);
}

TEST(RequestTargetTest, RejectsUnsafePaths) {
  EXPECT_EQ(Parse("/a/../etc/passwd").error, TargetError::kUnsafePath);
  EXPECT_EQ(Parse("/a/%2e%2E/b").error, TargetError::kUnsafePath);
  EXPECT_EQ(Parse("/..").error, TargetError::kUnsafePath);
  EXPECT_EQ(Parse("/a/%00").error, TargetError::kUnsafePath);
  EXPECT_EQ(Parse("/users/a%2Fb").error, TargetError::kUnsafePath);
  EXPECT_EQ(Parse("/users/a%2fb").error, TargetError::kUnsafePath);
  // Dots that are not a whole ".." segment are ordinary characters.
  EXPECT_EQ(Parse("/files/a..b/.x/...").error, TargetError::kNone);
  EXPECT_EQ(Parse("/x?next=/../y").error, TargetError::kNone);
}

}  // namespace
}  // namespace rampart::api
