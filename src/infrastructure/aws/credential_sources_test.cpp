// The credential chain against loopback peers: static keys from the environment, an ECS
// container credentials endpoint handing out expiring credentials (refreshed ahead of expiry,
// rotation observed, never blocking a caller while a refresh runs), and an IMDSv2 peer that
// answers only with a session token.
#include "infrastructure/aws/credential_sources.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <latch>

#include "infrastructure/aws/iso8601.hpp"
#include "infrastructure/aws/refreshing_credentials.hpp"
#include "infrastructure/http/http_client.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure::aws {
namespace {

using namespace std::chrono_literals;
using integration::LoopbackHttpServer;
using integration::ServerReply;
using integration::ServerRequest;

// Credentials expiring `lifetime` from now, numbered by the peer's counter.
std::string Document(int number, std::chrono::seconds lifetime, std::string_view code = "") {
  const auto expires = std::chrono::system_clock::now() + lifetime;
  std::string body = "{";
  if (!code.empty()) body += "\"Code\":\"" + std::string(code) + "\",";
  body += "\"AccessKeyId\":\"ASIA" + std::to_string(number) + "\",\"SecretAccessKey\":\"secret-" +
          std::to_string(number) + "\",\"Token\":\"token-" + std::to_string(number) +
          "\",\"Expiration\":\"" + FormatIso8601(expires) + "\"}";
  return body;
}

struct Metadata {
  telemetry::Registry registry;
  http::HttpClient client;
  http::Dependency dependency{"aws_auth",
                              {.attempt_timeout = 3s,
                               .total_timeout = 5s,
                               .max_attempts = 2,
                               .backoff_initial = 10ms,
                               .backoff_max = 10ms},
                              client,
                              registry};
};

TEST(EnvironmentCredentials, ReadsTheKeysAndRefusesHalfAPair) {
  EXPECT_FALSE(EnvironmentCredentials({}));
  const auto keys = EnvironmentCredentials({{"AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"},
                                            {"AWS_SECRET_ACCESS_KEY", "s3cr3t"},
                                            {"AWS_SESSION_TOKEN", "tok"}});
  ASSERT_TRUE(keys && *keys);
  EXPECT_EQ((*keys)->access_key_id, "AKIAEXAMPLE");
  EXPECT_EQ((*keys)->session_token, "tok");
  EXPECT_EQ((*keys)->Describe(), "environment (key …MPLE)");
  const auto half = EnvironmentCredentials({{"AWS_SECRET_ACCESS_KEY", "s3cr3t"}});
  ASSERT_TRUE(half);
  ASSERT_FALSE(*half);
  EXPECT_EQ(half->error().find("s3cr3t"), std::string::npos);
}

TEST(CredentialsDocument, IsCheckedAndNeverEchoed) {
  EXPECT_TRUE(ParseCredentialsDocument(Document(1, 3600s), "ecs"));
  const auto failed =
      ParseCredentialsDocument(Document(1, 3600s, "AssumeRoleUnauthorizedAccess"), "imds");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error(), "imds: the credentials document says AssumeRoleUnauthorizedAccess");
  const auto garbage = ParseCredentialsDocument("{\"SecretAccessKey\":\"xyz\"}", "ecs");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().find("xyz"), std::string::npos);
}

// Found by fuzz/aws_reply_fuzzer.cpp: a Code holding the document's own secret was repeated in
// the error (which is logged). Only a Code shaped like an AWS error code, holding none of the
// document's credentials, is named.
TEST(CredentialsDocument, NamesNoCodeThatHoldsACredential) {
  const auto hostile = ParseCredentialsDocument(
      R"({"Code": "Successecretwec552-01-15T09:00:00ZBBBB", "AccessKeyId": "ASIAFUZZ",)"
      R"( "SecretAccessKey": "secretwec552-01-15T09:00:00Z"})",
      "ecs");
  ASSERT_FALSE(hostile);
  EXPECT_EQ(hostile.error(), "ecs: the credentials document says an error (Code not shown)");
  const auto plain_secret = ParseCredentialsDocument(
      R"({"Code": "DeniedBecauseS3cr3tKeyValue", "AccessKeyId": "ASIAFUZZ",)"
      R"( "SecretAccessKey": "S3cr3tKeyValue"})",
      "imds");
  ASSERT_FALSE(plain_secret);
  EXPECT_EQ(plain_secret.error().find("S3cr3tKeyValue"), std::string::npos);
  const auto long_code =
      ParseCredentialsDocument("{\"Code\": \"" + std::string(65, 'A') + "\"}", "imds");
  ASSERT_FALSE(long_code);
  EXPECT_EQ(long_code.error(), "imds: the credentials document says an error (Code not shown)");
}

// Found by fuzz/aws_reply_fuzzer.cpp: an Expiration in the year 1013 overflowed the conversion
// to system_clock's nanoseconds (undefined behaviour; UBSan reports it). Years outside
// 1970-2200 are unreadable now, and the document is refused.
TEST(CredentialsDocument, RefusesAnExpirationOutsideTheClocksRange) {
  for (const char* when : {"1013-01-15T09:00:00Z", "1969-12-31T23:59:59Z", "2263-01-01T00:00:00Z",
                           "9999-12-31T23:59:59Z"}) {
    EXPECT_EQ(ParseIso8601(when), std::nullopt) << when;
    const auto document = ParseCredentialsDocument(
        std::string(R"({"AccessKeyId":"AKID","SecretAccessKey":"secret","Expiration":")") + when +
            "\"}",
        "imds");
    ASSERT_FALSE(document) << when;
    EXPECT_EQ(document.error(), "imds: unreadable Expiration");
  }
  EXPECT_TRUE(ParseIso8601("2200-12-31T23:59:59Z"));
}

TEST(ContainerCredentials, FullUriWithTheTokenRotatesBeforeExpiry) {
  std::atomic<int> served{0};
  std::string authorization;
  // The refresh (due at half of the four-second life) is held until the cached reads are checked:
  // on a loaded machine more than two seconds can pass between the first fetch and those checks.
  std::latch checked(1);
  LoopbackHttpServer ecs([&](const ServerRequest& request) {
    if (request.target != "/creds") return ServerReply{.status = 404};
    if (served.load() > 0) checked.wait();
    authorization = std::string(request.Header("authorization"));
    const int number = ++served;
    return ServerReply{.headers = {{"Content-Type", "application/json"}},
                       .body = Document(number, 4s)};
  });
  Metadata metadata;
  const Environment environment{{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.BaseUrl() + "/creds"},
                                {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc"}};
  auto fetcher = ContainerFetcher(environment, metadata.dependency, {});
  ASSERT_TRUE(fetcher && *fetcher);
  std::latch refreshed(1);
  RefreshingCredentials provider(
      std::move(**fetcher),
      {.refresh_before = 300s, .expiry_margin = 0s, .on_refresh = [&](bool ok) {
         if (ok) refreshed.count_down();
       }});
  const auto first = provider.Current();
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(first->access_key_id, "ASIA1");
  EXPECT_EQ(first->session_token, "token-1");
  EXPECT_EQ(authorization, "Bearer abc");
  EXPECT_EQ(provider.Current()->access_key_id, "ASIA1");  // cached: no second fetch yet
  EXPECT_EQ(served.load(), 1);
  checked.count_down();
  // Four-second credentials are refreshed at half their life, by the background thread.
  refreshed.wait();
  EXPECT_EQ(provider.Current()->access_key_id, "ASIA2");
  EXPECT_EQ(served.load(), 2);
}

TEST(ContainerCredentials, ACallerNeverWaitsForARefreshInProgress) {
  std::atomic<int> served{0};
  std::latch second_request(1);
  LoopbackHttpServer ecs([&](const ServerRequest&) {
    const int number = ++served;
    if (number == 2) second_request.count_down();
    return ServerReply{.body = Document(number, 2s), .delay = number == 2 ? 1500ms : 0ms};
  });
  Metadata metadata;
  auto fetcher = ContainerFetcher({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.BaseUrl() + "/"}},
                                  metadata.dependency, {});
  ASSERT_TRUE(fetcher && *fetcher);
  RefreshingCredentials provider(std::move(**fetcher), {.expiry_margin = 0s});
  ASSERT_EQ(provider.Current()->access_key_id, "ASIA1");
  second_request.wait();  // the refresh is now waiting on the slow peer
  const auto during = provider.Current();
  ASSERT_TRUE(during);
  EXPECT_EQ(during->access_key_id, "ASIA1");
  EXPECT_EQ(served.load(), 2);
}

TEST(ContainerCredentials, RelativeUriAndTokenFile) {
  std::string authorization;
  std::string target;
  LoopbackHttpServer ecs([&](const ServerRequest& request) {
    authorization = std::string(request.Header("authorization"));
    target = request.target;
    return ServerReply{.body = Document(7, 3600s)};
  });
  const auto file = std::filesystem::temp_directory_path() / "rampart-ecs-token-test";
  std::ofstream(file) << "from-file\n";
  Metadata metadata;
  auto fetcher = ContainerFetcher({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x"},
                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored"},
                                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.string()}},
                                  metadata.dependency,
                                  {.ecs_host = "127.0.0.1:" + std::to_string(ecs.Port())});
  ASSERT_TRUE(fetcher && *fetcher);
  const auto credentials = (**fetcher)();
  std::filesystem::remove(file);
  ASSERT_TRUE(credentials) << credentials.error();
  EXPECT_EQ(credentials->access_key_id, "ASIA7");
  EXPECT_EQ(target, "/v2/credentials/x");
  EXPECT_EQ(authorization, "from-file");
}

TEST(ContainerCredentials, PlainHttpOnlyToLoopbackOrTheEcsAddresses) {
  Metadata metadata;
  const auto refused =
      ContainerFetcher({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds"}},
                       metadata.dependency, {});
  ASSERT_TRUE(refused);
  EXPECT_FALSE(*refused);
  EXPECT_TRUE(*ContainerFetcher({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "https://example.com/c"}},
                                metadata.dependency, {}));
}

TEST(ImdsCredentials, TakesASessionTokenFirst) {
  std::vector<std::string> seen;
  LoopbackHttpServer imds([&](const ServerRequest& request) {
    seen.push_back(request.method + " " + request.target);
    if (request.method == "PUT" && request.target == "/latest/api/token") {
      if (request.Header("x-aws-ec2-metadata-token-ttl-seconds").empty()) {
        return ServerReply{.status = 400};
      }
      return ServerReply{.body = "session-token"};
    }
    if (request.Header("x-aws-ec2-metadata-token") != "session-token") {
      return ServerReply{.status = 401};  // IMDSv2 only
    }
    if (request.target == "/latest/meta-data/iam/security-credentials/") {
      return ServerReply{.body = "rampart-role\n"};
    }
    if (request.target == "/latest/meta-data/iam/security-credentials/rampart-role") {
      return ServerReply{.body = Document(3, 3600s, "Success")};
    }
    return ServerReply{.status = 404};
  });
  Metadata metadata;
  auto fetcher = ImdsFetcher({}, metadata.dependency, {.imds_endpoint = imds.BaseUrl()});
  ASSERT_TRUE(fetcher);
  const auto credentials = (*fetcher)();
  ASSERT_TRUE(credentials) << credentials.error();
  EXPECT_EQ(credentials->access_key_id, "ASIA3");
  EXPECT_EQ(credentials->source, "imds");
  const std::vector<std::string> expected = {
      "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
      "GET /latest/meta-data/iam/security-credentials/rampart-role"};
  EXPECT_EQ(seen, expected);
  EXPECT_FALSE(ImdsFetcher({{"AWS_EC2_METADATA_DISABLED", "true"}}, metadata.dependency, {}));
}

TEST(DefaultCredentialChain, EnvironmentFirstThenContainerThenImds) {
  Metadata metadata;
  auto keys =
      DefaultCredentialChain({{"AWS_ACCESS_KEY_ID", "AKIA1"},
                              {"AWS_SECRET_ACCESS_KEY", "x"},
                              {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/"}},
                             metadata.dependency);
  ASSERT_TRUE(keys);
  EXPECT_EQ((*keys)->Current()->source, "environment");
  LoopbackHttpServer ecs(
      [](const ServerRequest&) { return ServerReply{.body = Document(5, 3600s)}; });
  auto container =
      DefaultCredentialChain({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ecs.BaseUrl() + "/"},
                              {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"}},
                             metadata.dependency);
  ASSERT_TRUE(container);
  EXPECT_EQ((*container)->Current()->source, "ecs");
  auto none = DefaultCredentialChain({{"AWS_EC2_METADATA_DISABLED", "true"}}, metadata.dependency);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().find("no AWS credentials"), std::string::npos);
}

}  // namespace
}  // namespace rampart::infrastructure::aws
