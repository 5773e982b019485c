// The AWS JSON protocol client against a loopback peer playing an AWS service: the request's
// shape and signature, error documents, which errors are retried, credentials refreshed after
// an expired-token answer, and no secret in any error.
#include "infrastructure/aws/aws_json_client.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "infrastructure/http/http_client.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure::aws {
namespace {

using namespace std::chrono_literals;
using integration::LoopbackHttpServer;
using integration::ServerReply;
using integration::ServerRequest;

class CountingCredentials final : public CredentialsProvider {
 public:
  int invalidated = 0;
  std::expected<AwsCredentials, std::string> Current() override {
    return AwsCredentials{.access_key_id = "AKIDTEST" + std::to_string(invalidated),
                          .secret_access_key = "very-secret-key",
                          .session_token = "session-token-value"};
  }
  void Invalidate() override { ++invalidated; }
};

struct Peer {
  std::mutex mutex;
  std::deque<ServerReply> script;
  std::vector<ServerRequest> received;
  LoopbackHttpServer server{[this](const ServerRequest& request) {
    std::lock_guard lock(mutex);
    received.push_back(request);
    if (script.empty()) return ServerReply{.body = "{}"};
    auto reply = script.front();
    script.pop_front();
    return reply;
  }};
  telemetry::Registry registry;
  http::HttpClient client;
  http::Dependency dependency{
      "sqs", {.max_attempts = 3, .backoff_initial = 1ms, .backoff_max = 2ms}, client, registry};
  CountingCredentials credentials;
  AwsJsonClient aws{{.name = "SQS",
                     .signing_name = "sqs",
                     .target_prefix = "AmazonSQS",
                     .json_version = "1.0",
                     .region = "eu-west-1",
                     .endpoint = *http::ParseUrl(server.BaseUrl())},
                    dependency,
                    credentials};
};

ServerReply Error(int status, std::string type, std::string message = "nope") {
  return ServerReply{.status = status,
                     .headers = {{"Content-Type", "application/x-amz-json-1.0"}},
                     .body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}"};
}

TEST(AwsJsonClient, PostsASignedJsonRequestWithTheTarget) {
  Peer peer;
  peer.script.push_back({.body = R"({"QueueUrls":[]})"});
  const auto answer = peer.aws.Call("ListQueues", "{}");
  ASSERT_TRUE(answer) << answer.error().Describe("ListQueues");
  EXPECT_EQ(*answer, R"({"QueueUrls":[]})");
  ASSERT_EQ(peer.received.size(), 1U);
  const auto& request = peer.received.front();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/");
  EXPECT_EQ(request.Header("content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(request.Header("x-amz-target"), "AmazonSQS.ListQueues");
  EXPECT_EQ(request.Header("x-amz-security-token"), "session-token-value");
  EXPECT_TRUE(
      request.Header("authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST0/"));
  EXPECT_NE(request.Header("authorization").find("/eu-west-1/sqs/aws4_request"),
            std::string_view::npos);
}

TEST(AwsJsonClient, AClientErrorIsParsedAndNotRetried) {
  Peer peer;
  auto reply =
      Error(400, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.");
  reply.headers.push_back({"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"});
  peer.script.push_back(reply);
  const auto answer = peer.aws.Call("GetQueueAttributes", "{}");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code, "QueueDoesNotExist");
  EXPECT_FALSE(answer.error().retryable);
  EXPECT_EQ(answer.error().Describe("SQS GetQueueAttributes"),
            "SQS GetQueueAttributes: QueueDoesNotExist (400): The specified queue does not exist.");
  EXPECT_EQ(peer.received.size(), 1U);
}

TEST(AwsJsonClient, ThrottlingAndServerErrorsAreRetried) {
  Peer peer;
  peer.script = {Error(400, "com.amazonaws.sqs#ThrottlingException"),
                 Error(500, "InternalError"),
                 {.body = "{\"ok\":1}"}};
  const auto answer = peer.aws.Call("SendMessageBatch", "{}");
  ASSERT_TRUE(answer) << answer.error().Describe("SendMessageBatch");
  EXPECT_EQ(peer.received.size(), 3U);
}

TEST(AwsJsonClient, AnExpiredTokenFetchesNewCredentialsForTheRetry) {
  Peer peer;
  peer.script = {
      Error(403, "ExpiredTokenException", "The security token included in the request is expired"),
      {.body = "{}"}};
  ASSERT_TRUE(peer.aws.Call("ReceiveMessage", "{}"));
  EXPECT_EQ(peer.credentials.invalidated, 1);
  ASSERT_EQ(peer.received.size(), 2U);
  EXPECT_TRUE(peer.received[1]
                  .Header("authorization")
                  .starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST1/"));
}

TEST(AwsJsonClient, NoSecretInAnyError) {
  Peer peer;
  peer.script = {Error(400, "InvalidSignatureException", "signature mismatch")};
  const auto answer = peer.aws.Call("ListQueues", "{}");
  ASSERT_FALSE(answer);
  const auto text = answer.error().Describe("ListQueues");
  EXPECT_EQ(text.find("very-secret-key"), std::string::npos);
  EXPECT_EQ(text.find("session-token-value"), std::string::npos);
}

TEST(AwsError, ThrottlingCodesAndEndpoints) {
  EXPECT_TRUE(IsThrottlingCode("ThrottlingException"));
  EXPECT_TRUE(IsThrottlingCode("RequestThrottled"));
  EXPECT_FALSE(IsThrottlingCode("AccessDeniedException"));
  EXPECT_EQ(ResolveEndpoint("", "", "", "sqs", "eu-west-1"), "https://sqs.eu-west-1.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint("", "http://emu:4566", "http://queue-host", "sqs", "x"),
            "http://emu:4566");
  EXPECT_EQ(ResolveEndpoint("http://sqs-only", "http://emu", "", "sqs", "x"), "http://sqs-only");
  EXPECT_EQ(ResolveEndpoint("", "", "http://queue-host:9324", "sqs", "x"),
            "http://queue-host:9324");
}

}  // namespace
}  // namespace rampart::infrastructure::aws
