// The outgoing HTTP client against a scripted loopback server: keep-alive reuse, a stale
// kept-alive connection replaced, deadlines, and TLS verification (trusted CA, wrong CA, wrong
// host name).
#include "infrastructure/http/http_client.hpp"

#include <gtest/gtest.h>

#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure::http {
namespace {

using namespace std::chrono_literals;
using integration::LoopbackHttpServer;
using integration::ServerReply;
using integration::ServerRequest;

HttpRequest Get(const std::string& url) {
  HttpRequest request;
  request.url = *ParseUrl(url);
  return request;
}

LoopbackHttpServer Echo() {
  return LoopbackHttpServer([](const ServerRequest& request) {
    return ServerReply{.status = 200,
                       .headers = {{"Content-Type", "text/plain"},
                                   {"X-Seen-Host", std::string(request.Header("host"))}},
                       .body = request.method + " " + request.target + " " + request.body};
  });
}

TEST(HttpClient, PostsAndKeepsTheConnectionAlive) {
  auto server = Echo();
  HttpClient client;
  for (int i = 0; i < 5; ++i) {
    auto request = Get(server.BaseUrl() + "/path?x=" + std::to_string(i));
    request.method = "POST";
    request.body = "body";
    request.headers.push_back({"Content-Type", "text/plain"});
    const auto response = client.Send(request, 2s);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "POST /path?x=" + std::to_string(i) + " body");
    EXPECT_EQ(response->HeaderValue("x-seen-host"), "127.0.0.1:" + std::to_string(server.Port()));
  }
  EXPECT_EQ(client.ConnectionsOpened(), 1U);
  EXPECT_EQ(server.Connections(), 1U);
}

TEST(HttpClient, ReplacesAKeptAliveConnectionTheServerClosed) {
  auto server = Echo();
  HttpClient client;
  ASSERT_TRUE(client.Send(Get(server.BaseUrl() + "/a"), 2s));
  server.CloseIdleConnections();
  const auto response = client.Send(Get(server.BaseUrl() + "/b"), 2s);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "GET /b ");
  EXPECT_EQ(client.ConnectionsOpened(), 2U);
}

TEST(HttpClient, ConnectionCloseIsHonoured) {
  LoopbackHttpServer server(
      [](const ServerRequest&) { return ServerReply{.body = "x", .close = true}; });
  HttpClient client;
  ASSERT_TRUE(client.Send(Get(server.BaseUrl()), 2s));
  ASSERT_TRUE(client.Send(Get(server.BaseUrl()), 2s));
  EXPECT_EQ(client.ConnectionsOpened(), 2U);
}

TEST(HttpClient, AnAnswerLaterThanTheTimeoutIsATimeout) {
  LoopbackHttpServer server([](const ServerRequest&) { return ServerReply{.delay = 2s}; });
  HttpClient client;
  const auto started = std::chrono::steady_clock::now();
  const auto response = client.Send(Get(server.BaseUrl()), 100ms);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
}

TEST(HttpClient, ARefusedConnectionIsAConnectError) {
  std::uint16_t port;
  { port = Echo().Port(); }  // a port nobody listens on any more
  HttpClient client;
  const auto response = client.Send(Get("http://127.0.0.1:" + std::to_string(port)), 1s);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kConnect);
}

TEST(HttpClient, AnUnknownHostIsAResolveError) {
  HttpClient client;
  const auto response = client.Send(Get("http://rampart-no-such-host.invalid/"), 2s);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kResolve);
}

TEST(HttpClient, TooLargeAnAnswerIsRefused) {
  LoopbackHttpServer server(
      [](const ServerRequest&) { return ServerReply{.body = std::string(4096, 'x')}; });
  HttpClient client({.max_response_bytes = 1024});
  const auto response = client.Send(Get(server.BaseUrl()), 2s);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kProtocol);
}

class HttpsClient : public ::testing::Test {
 protected:
  integration::TestCertificates certificates;
  integration::TlsFiles files = certificates.Server();
  LoopbackHttpServer server{
      [](const ServerRequest& request) { return ServerReply{.body = "secure " + request.target}; },
      &files};
  std::string Url(std::string_view host) const {
    return "https://" + std::string(host) + ":" + std::to_string(server.Port()) + "/hello";
  }
};

TEST_F(HttpsClient, TrustsAServerSignedByTheConfiguredCa) {
  HttpClient client({.ca_file = certificates.Path("ca.crt")});
  const auto response = client.Send(Get(Url("127.0.0.1")), 5s);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "secure /hello");
}

TEST_F(HttpsClient, RefusesAServerSignedByAnotherCa) {
  HttpClient client({.ca_file = certificates.Path("other.crt")});
  const auto response = client.Send(Get(Url("127.0.0.1")), 5s);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kTls);
  EXPECT_EQ(server.Requests(), 0U);
}

TEST_F(HttpsClient, RefusesACertificateForAnotherName) {
  // Trusted CA, but the certificate names the address 127.0.0.1, not the name localhost.
  HttpClient client({.ca_file = certificates.Path("ca.crt")});
  const auto response = client.Send(Get(Url("localhost")), 5s);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kTls);
}

TEST_F(HttpsClient, RefusesAnUnknownCaWithTheSystemStore) {
  HttpClient client;
  const auto response = client.Send(Get(Url("127.0.0.1")), 5s);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, TransportErrorKind::kTls);
}

TEST(HttpClientOptions, AMissingCaFileIsAnError) {
  EXPECT_THROW(HttpClient({.ca_file = "/nonexistent/ca.pem"}), std::runtime_error);
}

TEST(Url, ParsesWhatOutgoingCallsUse) {
  const auto url = ParseUrl("https://SQS.eu-west-1.amazonaws.com/123/q.fifo?a=b");
  ASSERT_TRUE(url);
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "sqs.eu-west-1.amazonaws.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->Path(), "/123/q.fifo");
  EXPECT_EQ(url->Query(), "a=b");
  EXPECT_EQ(url->HostHeader(), "sqs.eu-west-1.amazonaws.com");
  EXPECT_EQ(ParseUrl("http://[::1]:9324")->HostHeader(), "[::1]:9324");
  EXPECT_EQ(ParseUrl("http://h:80/x")->HostHeader(), "h");
  EXPECT_EQ(ParseUrl("http://h")->target, "/");
  EXPECT_EQ(ParseUrl("http://h?q")->target, "/?q");
  EXPECT_FALSE(ParseUrl("ftp://h"));
  EXPECT_FALSE(ParseUrl("http://user:pw@h/"));
  EXPECT_FALSE(ParseUrl("http://h:0/"));
  EXPECT_FALSE(ParseUrl("http://h:99999/"));
  EXPECT_FALSE(ParseUrl("http:///x"));
  EXPECT_FALSE(ParseUrl("http://h/#frag"));
}

}  // namespace
}  // namespace rampart::infrastructure::http
