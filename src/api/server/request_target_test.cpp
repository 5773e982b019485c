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
  const auto parsed = Parse("/api/v1/notes?page=2&search=a%20b");
  EXPECT_EQ(parsed.error, TargetError::kNone);
  EXPECT_EQ(parsed.path, "/api/v1/notes");
  EXPECT_EQ(parsed.query, "page=2&search=a%20b");  // decoded per parameter, later
  EXPECT_EQ(Parse("/").path, "/");
  EXPECT_EQ(Parse("/x?").query, "");
}

TEST(RequestTargetTest, DecodesThePath) {
  const auto parsed = Parse("/api/v1/notes/caf%C3%A9%20x");
  EXPECT_EQ(parsed.error, TargetError::kNone);
  EXPECT_EQ(parsed.path, "/api/v1/notes/caf\xC3\xA9 x");
  EXPECT_EQ(Parse("/a+b").path, "/a+b");  // '+' is a space only in queries
}

TEST(RequestTargetTest, RejectsTargetsThatAreNotPaths) {
  EXPECT_EQ(Parse("*").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("api/v1/notes").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("ftp://example.com/x").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("http:///x").error, TargetError::kNotOriginForm);         // no host
  EXPECT_EQ(Parse("http://user@example.com/x").error, TargetError::kNotOriginForm);
  EXPECT_EQ(Parse("http://exa mple.com/x").error, TargetError::kNotOriginForm);
}

// RFC 9112 §3.2.2: a server MUST accept the absolute form (a proxy's request line).
TEST(RequestTargetTest, AcceptsTheAbsoluteForm) {
  std::string path, query, authority;
  EXPECT_EQ(ParseTarget("http://api.example.com:8080/api/v1/notes/caf%C3%A9?page=2", path, query,
                        &authority),
            TargetError::kNone);
  EXPECT_EQ(path, "/api/v1/notes/caf\xC3\xA9");
  EXPECT_EQ(query, "page=2");
  EXPECT_EQ(authority, "api.example.com:8080");
  EXPECT_EQ(ParseTarget("HTTPS://[::1]", path, query, &authority), TargetError::kNone);
  EXPECT_EQ(path, "/");
  EXPECT_EQ(authority, "[::1]");
  EXPECT_EQ(ParseTarget("http://h?x=1", path, query, &authority), TargetError::kNone);
  EXPECT_EQ(path, "/");
  EXPECT_EQ(query, "x=1");
  // The same safety rules as the origin form.
  EXPECT_EQ(Parse("http://h/a/../b").error, TargetError::kUnsafePath);
  EXPECT_EQ(ParseTarget("/x", path, query, &authority), TargetError::kNone);
  EXPECT_EQ(authority, "");
}

// RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host, for two Host fields, and for an
// invalid Host value.
TEST(RequestTargetTest, HostIsRequiredOnceFromHttp11On) {
  EXPECT_TRUE(HasValidHost({{"host", "api.example.com"}}, 11));
  EXPECT_TRUE(HasValidHost({{"host", "127.0.0.1:8080"}, {"accept", "*/*"}}, 11));
  EXPECT_TRUE(HasValidHost({{"host", "[::1]:80"}}, 11));
  EXPECT_TRUE(HasValidHost({{"host", ""}}, 11));  // allowed when the URI has no authority
  EXPECT_FALSE(HasValidHost({}, 11));
  EXPECT_FALSE(HasValidHost({{"accept", "*/*"}}, 11));
  EXPECT_FALSE(HasValidHost({{"host", "a"}, {"host", "b"}}, 11));
  EXPECT_FALSE(HasValidHost({{"host", "a b"}}, 11));
  EXPECT_FALSE(HasValidHost({{"host", "user@a"}}, 11));
  EXPECT_FALSE(HasValidHost({{"host", "a/b"}}, 11));
  EXPECT_TRUE(HasValidHost({}, 10));  // HTTP/1.0 has no Host requirement
  EXPECT_FALSE(HasValidHost({{"host", "a"}, {"host", "a"}}, 10));
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
  EXPECT_EQ(Parse("/notes/a%2Fb").error, TargetError::kUnsafePath);
  EXPECT_EQ(Parse("/notes/a%2fb").error, TargetError::kUnsafePath);
  // Dots that are not a whole ".." segment are ordinary characters.
  EXPECT_EQ(Parse("/files/a..b/.x/...").error, TargetError::kNone);
  EXPECT_EQ(Parse("/x?next=/../y").error, TargetError::kNone);
}

}  // namespace
}  // namespace rampart::api
