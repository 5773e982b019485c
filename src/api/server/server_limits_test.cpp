// The real server against hostile or broken clients: size limits, malformed HTTP, unsafe
// paths, slow and idle connections.
#include <gtest/gtest.h>

#include "api/server/server_fixture.hpp"

namespace rampart::api {
namespace {

using namespace std::chrono_literals;
using testing_support::Get;
using testing_support::RawClient;
using ServerTest = testing_support::ServerFixture;

TEST_F(ServerTest, RejectsUnsafePathsWith400) {
  Start();
  for (const char* target :
       {"/echo/../hello", "/echo/%2e%2e", "/echo/a%00", "/echo/a%2Fb", "/echo/%zz"}) {
    RawClient client(Port());
    client.Send(Get(target));
    auto response = client.Read();
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->result_int(), 400) << target;
    EXPECT_EQ(Json(*response).at("type"), "/problems/bad-request");
    EXPECT_FALSE((*response)["X-Correlation-Id"].empty());
  }
}

// RFC 9112 §3.2: an HTTP/1.1 request without Host, or with two, is a 400.
TEST_F(ServerTest, Http11WithoutExactlyOneHostIs400) {
  Start();
  for (const char* request : {"GET /hello HTTP/1.1\r\n\r\n",
                              "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                              "GET /hello HTTP/1.1\r\nHost: a b\r\n\r\n"}) {
    RawClient client(Port());
    client.Send(request);
    auto response = client.Read();
    ASSERT_TRUE(response) << request;
    EXPECT_EQ(response->result_int(), 400) << request;
    EXPECT_EQ(Json(*response).at("type"), "/problems/bad-request");
    EXPECT_EQ(Json(*response).at("detail"),
              "The request needs exactly one valid Host header (RFC 9112 section 3.2).");
  }
  RawClient old(Port());
  old.Send("GET /hello HTTP/1.0\r\n\r\n");  // HTTP/1.0 has no Host requirement
  auto response = old.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
}

// RFC 9112 §3.2.2: a server MUST accept the absolute form.
TEST_F(ServerTest, AcceptsAnAbsoluteFormTarget) {
  Start();
  RawClient client(Port());
  client.Send("GET http://api.example.com/echo/abs?x=1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(Json(*response).at("word"), "abs");
}

TEST_F(ServerTest, BodyOverTheLimitByContentLengthIs413AndCloses) {
  Start({.max_body_bytes = 1024});
  RawClient client(Port());
  client.Send(
      "POST /echo/x HTTP/1.1\r\nHost: t\r\nX-Correlation-Id: big-1\r\nContent-Length: "
      "2048\r\n\r\n" +
      std::string(2048, 'a'));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  const auto body = Json(*response);
  EXPECT_EQ(body.at("type"), "/problems/payload-too-large");
  EXPECT_EQ(body.at("traceId"), "big-1");
  EXPECT_EQ(body.at("instance"), "/echo/x");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(ServerTest, ChunkedBodyGrowingOverTheLimitIs413) {
  Start({.max_body_bytes = 1024});
  RawClient client(Port());
  std::string request = "POST /echo/x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) request += "200\r\n" + std::string(512, 'b') + "\r\n";
  request += "0\r\n\r\n";
  client.Send(request);
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  Start({.max_body_bytes = 1024});
  RawClient client(Port());
  client.Send("POST /echo/x HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" +
              std::string(1024, 'c'));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
}

TEST_F(ServerTest, HeadersOverTheLimitAre431AndClose) {
  Start({.max_header_bytes = 4096});
  RawClient client(Port());
  client.Send(Get("/hello", "X-Padding: " + std::string(5000, 'p') + "\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 431);
  EXPECT_EQ(Json(*response).at("type"), "/problems/request-header-fields-too-large");
  EXPECT_FALSE((*response)["X-Correlation-Id"].empty());
  EXPECT_EQ((*response)["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ((*response)["X-Frame-Options"], "DENY");
  EXPECT_EQ((*response)["Cache-Control"], "no-store");
  EXPECT_EQ((*response)["Strict-Transport-Security"], "");
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(ServerTest, EarlyAnswersCarryHstsWhenConfigured) {
  Start({.max_header_bytes = 4096, .security_headers = {.hsts = true}});
  RawClient client(Port());
  client.Send(Get("/hello", "X-Padding: " + std::string(5000, 'p') + "\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 431);
  EXPECT_EQ((*response)["Strict-Transport-Security"], "max-age=63072000");
}

TEST_F(ServerTest, MalformedHttpIs400AndCloses) {
  Start();
  for (const char* garbage : {"THIS IS NOT HTTP\r\n\r\n",
                              "GET /hello HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n",
                              "GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"}) {
    RawClient client(Port());
    client.Send(garbage);
    auto response = client.Read();
    ASSERT_TRUE(response) << garbage;
    EXPECT_EQ(response->result_int(), 400) << garbage;
    EXPECT_EQ(Json(*response).at("type"), "/problems/bad-request");
    EXPECT_TRUE(client.ClosedByServer()) << garbage;
  }
}

TEST_F(ServerTest, SlowRequestIsDroppedAfterTheReadTimeout) {
  Start({.read_timeout = 300ms});
  RawClient client(Port());
  const auto started = std::chrono::steady_clock::now();
  client.Send("GET /hello HTTP/1.1\r\nHost: t\r\n");  // the head never ends
  EXPECT_TRUE(client.ClosedByServer(3s));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 1500ms);
}

TEST_F(ServerTest, ADribblingClientCannotExtendTheReadTimeout) {
  Start({.read_timeout = 400ms});
  RawClient client(Port());
  const auto started = std::chrono::steady_clock::now();
  client.Send("GET /hello HTTP/1.1\r\n");
  // A header line every 100 ms: each read makes progress, but the request never completes.
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    closed = client.ClosedByServer(100ms);
    if (!closed) client.Send("X-A: b\r\n");
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1000ms);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  Start({.idle_timeout = 300ms});
  RawClient client(Port());
  client.Send(Get("/hello"));
  ASSERT_TRUE(client.Read());
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.ClosedByServer(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
}

TEST_F(ServerTest, AStalledClientBlocksNobody) {
  Start({.read_timeout = 2000ms});
  RawClient stalled(Port());
  stalled.Send("GET /hello HTTP/1.1\r\nHost: t\r\n");
  RawClient other(Port());
  const auto started = std::chrono::steady_clock::now();
  other.Send(Get("/hello"));
  ASSERT_TRUE(other.Read());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  stalled.Send("\r\n");
  auto late = stalled.Read();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->result_int(), 200);
}

}  // namespace
}  // namespace rampart::api
