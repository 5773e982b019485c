// The real server on a loopback port, driven by a raw HTTP client: routing, framing, headers.
#include <gtest/gtest.h>

#include "api/server/server_fixture.hpp"

namespace rampart::api {
namespace {

using namespace std::chrono_literals;
using testing_support::Get;
using testing_support::RawClient;
using ServerTest = testing_support::ServerFixture;

TEST_F(ServerTest, KeepsAConnectionAliveAcrossRequests) {
  Start();
  RawClient client(Port());
  client.Send(Get("/hello", "X-Correlation-Id: first\r\n"));
  auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->result_int(), 200);
  EXPECT_EQ(first->body(), R"({"hello":"world"})");
  EXPECT_EQ((*first)["X-Correlation-Id"], "first");
  EXPECT_EQ((*first)[boost::beast::http::field::content_type], "application/json");
  EXPECT_EQ((*first)[boost::beast::http::field::content_length], "17");
  EXPECT_TRUE(first->keep_alive());

  client.Send(Get("/echo/two", "X-Correlation-Id: second\r\n"));
  auto second = client.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->result_int(), 200);
  EXPECT_EQ(Json(*second).at("word"), "two");
  EXPECT_EQ((*second)["X-Correlation-Id"], "second");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  Start();
  RawClient client(Port());
  client.Send(Get("/echo/a") + Get("/nothing") + Get("/echo/c"));
  auto a = client.Read();
  auto b = client.Read();
  auto c = client.Read();
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(Json(*a).at("word"), "a");
  EXPECT_EQ(b->result_int(), 404);
  EXPECT_EQ(Json(*c).at("word"), "c");
}

TEST_F(ServerTest, SendsNoServerHeaderAndADate) {
  Start();
  RawClient client(Port());
  client.Send(Get("/hello"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->count(boost::beast::http::field::server), 0u);
  EXPECT_TRUE((*response)[boost::beast::http::field::date].ends_with(" GMT"));
}

TEST_F(ServerTest, UnknownPathIsA404Problem) {
  Start();
  RawClient client(Port());
  client.Send(Get("/nothing/here?x=1", "X-Correlation-Id: nf-7\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 404);
  EXPECT_EQ((*response)[boost::beast::http::field::content_type], "application/problem+json");
  const auto body = Json(*response);
  EXPECT_EQ(body.at("type"), "/problems/not-found");
  EXPECT_EQ(body.at("instance"), "/nothing/here");
  EXPECT_EQ(body.at("traceId"), "nf-7");
  EXPECT_EQ((*response)["X-Correlation-Id"], "nf-7");
}

TEST_F(ServerTest, WrongMethodIsA405WithAllow) {
  Start();
  RawClient client(Port());
  client.Send("PATCH /items/5 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 405);
  EXPECT_EQ((*response)[boost::beast::http::field::allow], "GET, HEAD, DELETE");
  EXPECT_EQ(Json(*response).at("type"), "/problems/method-not-allowed");
  // An unknown method on a known path, too.
  client.Send("PURGE /items/5 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto purge = client.Read();
  ASSERT_TRUE(purge);
  EXPECT_EQ(purge->result_int(), 405);
}

TEST_F(ServerTest, NoContentHasNoBodyOrLength) {
  Start();
  RawClient client(Port());
  client.Send("DELETE /items/5 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 204);
  EXPECT_EQ(response->count(boost::beast::http::field::content_length), 0u);
  EXPECT_EQ(response->count(boost::beast::http::field::content_type), 0u);
  client.Send(Get("/hello"));  // still framed correctly
  auto next = client.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->result_int(), 200);
}

TEST_F(ServerTest, HeadAnswersLikeGetWithoutABody) {
  Start();
  RawClient client(Port());
  client.Send("HEAD /echo/word HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = client.Read(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_TRUE(head->body().empty());
  client.Send(Get("/echo/word"));
  auto get = client.Read();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->result_int(), 200);
  EXPECT_EQ((*head)[boost::beast::http::field::content_length], std::to_string(get->body().size()));
}

TEST_F(ServerTest, DecodesThePathAndTheQuery) {
  Start();
  RawClient client(Port());
  client.Send(Get("/echo/caf%C3%A9%20x?q=a+b%26c"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  ASSERT_EQ(response->result_int(), 200);
  const auto body = Json(*response);
  EXPECT_EQ(body.at("word"), "caf\xC3\xA9 x");
  EXPECT_EQ(body.at("q"), "a b&c");
  EXPECT_EQ(body.at("ip"), "127.0.0.1");
}

TEST_F(ServerTest, TakesTheClientAddressFromATrustedProxyOnly) {
  Start({.trusted_proxies = *net::ParseNetworkList("127.0.0.0/8")});
  RawClient client(Port());
  client.Send(Get("/echo/x", "X-Forwarded-For: 1.1.1.1, 198.51.100.4\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(Json(*response).at("ip"), "198.51.100.4");
}

TEST_F(ServerTest, IgnoresXForwardedForFromAnUntrustedPeer) {
  Start({.trusted_proxies = *net::ParseNetworkList("10.0.0.0/8")});
  RawClient client(Port());
  client.Send(Get("/echo/x", "X-Forwarded-For: 198.51.100.4\r\n"));
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(Json(*response).at("ip"), "127.0.0.1");
}

TEST_F(ServerTest, ReadsABody) {
  Start();
  RawClient client(Port());
  client.Send(
      "POST /echo/x HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: "
      "5\r\n\r\nhello");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(Json(*response).at("body"), "hello");
}

TEST_F(ServerTest, AnswersExpectContinue) {
  Start();
  RawClient client(Port());
  client.Send(
      "POST /echo/x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result_int(), 100);
  client.Send("abc");
  auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
  EXPECT_EQ(Json(*response).at("body"), "abc");
}

TEST_F(ServerTest, ClosesAfterConnectionCloseAndHttp10) {
  Start();
  {
    RawClient client(Port());
    client.Send(Get("/hello", "Connection: close\r\n"));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_TRUE(client.ClosedByServer());
  }
  {
    RawClient client(Port());
    client.Send("GET /hello HTTP/1.0\r\n\r\n");
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->version(), 10u);
    EXPECT_TRUE(client.ClosedByServer());
  }
}

}  // namespace
}  // namespace rampart::api
