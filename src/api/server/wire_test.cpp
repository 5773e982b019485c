#include "api/server/wire.hpp"

#include <gtest/gtest.h>

namespace rampart::api::server_detail {
namespace {

// The head without its Date line, which changes every second.
std::string WithoutDate(std::string head) {
  const auto start = head.find("Date: ");
  if (start == std::string::npos) return head;
  return head.erase(start, head.find("\r\n", start) + 2 - start);
}

TEST(SerializeHeadTest, StatusLineStandardHeadersThenTheHandlers) {
  Response response = Response::Json(200, R"({"a":1})");
  response.SetHeader("X-Correlation-Id", "c-1");
  response.SetHeader("Cache-Control", "no-store");
  EXPECT_EQ(WithoutDate(SerializeHead(response, 11, true)),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 7\r\n"
            "X-Correlation-Id: c-1\r\n"
            "Cache-Control: no-store\r\n"
            "\r\n");
}

TEST(SerializeHeadTest, HasADateHeader) {
  const std::string head = SerializeHead(Response::Json(200, "{}"), 11, true);
  const auto start = head.find("\r\nDate: ");
  ASSERT_NE(start, std::string::npos);
  EXPECT_EQ(head.substr(start + 8, 29).size(), 29u);  // "Sun, 06 Nov 1994 08:49:37 GMT"
  EXPECT_EQ(head.substr(start + 8 + 25, 4), " GMT");
}

TEST(SerializeHeadTest, ConnectionHeaderOnlyWhenNotTheDefault) {
  const Response response = Response::Json(404, "{}");
  EXPECT_NE(SerializeHead(response, 11, false).find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(SerializeHead(response, 11, true).find("Connection"), std::string::npos);
  EXPECT_NE(SerializeHead(response, 10, true).find("Connection: keep-alive\r\n"),
            std::string::npos);
  EXPECT_EQ(SerializeHead(response, 10, false).find("Connection"), std::string::npos);
  EXPECT_TRUE(SerializeHead(response, 10, false).starts_with("HTTP/1.0 404 Not Found\r\n"));
}

TEST(SerializeHeadTest, NoContentHasNeitherLengthNorType) {
  EXPECT_EQ(WithoutDate(SerializeHead(Response::NoContent(), 11, true)),
            "HTTP/1.1 204 No Content\r\n\r\n");
  Response typed = Response::NoContent();
  typed.content_type = "application/json";
  EXPECT_EQ(SerializeHead(typed, 11, true).find("Content-Type"), std::string::npos);
}

TEST(SerializeHeadTest, HandlerHeadersCannotChangeTheFraming) {
  Response response = Response::Json(200, "{}");
  response.headers = {{"Content-Length", "999"}, {"transfer-encoding", "chunked"},
                      {"Connection", "upgrade"}, {"Content-Type", "text/html"},
                      {"Bad Name", "x"},         {"", "x"},
                      {"X-Ok", "fine"}};
  EXPECT_EQ(WithoutDate(SerializeHead(response, 11, true)),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 2\r\n"
            "X-Ok: fine\r\n"
            "\r\n");
}

TEST(SerializeHeadTest, ValuesCannotSplitTheResponse) {
  Response response = Response::Json(302, "");
  response.SetHeader("Location", "/next\r\nSet-Cookie: session=stolen\r\n\r\n<html>");
  response.content_type = "text/plain\r\nX-Evil: 1";
  const std::string head = SerializeHead(response, 11, true);
  EXPECT_NE(head.find("Location: /nextSet-Cookie: session=stolen<html>\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Type: text/plainX-Evil: 1\r\n"), std::string::npos);
  EXPECT_EQ(head.find("\r\nSet-Cookie"), std::string::npos);
  EXPECT_EQ(head.find("\r\n\r\n"), head.size() - 4);
}

TEST(SerializeHeadTest, ValuesLoseEveryCrLfAndNulWhereverTheyAre) {
  Response response = Response::Json(200, "{}");
  response.SetHeader("X-A", std::string("\r\na\0b\r\r\nc\n", 11));
  response.SetHeader("X-B", "\n");
  const std::string head = SerializeHead(response, 11, true);
  EXPECT_NE(head.find("X-A: abc\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-B: \r\n"), std::string::npos);
  EXPECT_EQ(head.find('\0'), std::string::npos);
}

TEST(SerializeHeadTest, PresetLinesFollowTheHandlersHeadersVerbatim) {
  Response response = Response::Json(200, "{}");
  response.SetHeader("X-Ok", "fine");
  response.preset_headers = "X-Frame-Options: DENY\r\nCache-Control: no-store\r\n";
  EXPECT_EQ(WithoutDate(SerializeHead(response, 11, true)),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 2\r\n"
            "X-Ok: fine\r\n"
            "X-Frame-Options: DENY\r\n"
            "Cache-Control: no-store\r\n"
            "\r\n");
}

TEST(SerializeHeadTest, UnknownStatusHasAnEmptyReason) {
  EXPECT_TRUE(SerializeHead(Response::Json(299, "{}"), 11, true).starts_with("HTTP/1.1 299 \r\n"));
  EXPECT_TRUE(SerializeHead(Response::Json(422, "{}"), 11, true)
                  .starts_with("HTTP/1.1 422 Unprocessable Entity\r\n"));
}

TEST(StatusForbidsBodyTest, Codes) {
  EXPECT_TRUE(StatusForbidsBody(100));
  EXPECT_TRUE(StatusForbidsBody(204));
  EXPECT_TRUE(StatusForbidsBody(304));
  EXPECT_FALSE(StatusForbidsBody(200));
  EXPECT_FALSE(StatusForbidsBody(404));
}

}  // namespace
}  // namespace rampart::api::server_detail
