// GetSecretValue against a loopback peer playing Secrets Manager: the JSON 1.1 request, the
// answer, the errors, and choosing a value inside a JSON secret (aws-sm:<id>#<key>).
#include "infrastructure/aws/secrets_manager.hpp"

#include <gtest/gtest.h>

#include <mutex>

#include "infrastructure/http/http_client.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure::aws {
namespace {

using namespace std::chrono_literals;
using integration::LoopbackHttpServer;
using integration::ServerReply;
using integration::ServerRequest;

class FixedCredentials final : public CredentialsProvider {
 public:
  std::expected<AwsCredentials, std::string> Current() override {
    return AwsCredentials{.access_key_id = "AKIDTEST", .secret_access_key = "very-secret-key"};
  }
  void Invalidate() override {}
};

struct Peer {
  explicit Peer(ServerReply reply) : reply(std::move(reply)) {}
  std::mutex mutex;
  ServerReply reply;
  std::vector<ServerRequest> received;
  LoopbackHttpServer server{[this](const ServerRequest& request) {
    std::lock_guard lock(mutex);
    received.push_back(request);
    return reply;
  }};
  telemetry::Registry registry;
  http::HttpClient client;
  http::Dependency dependency{
      "secretsmanager", {.max_attempts = 1, .backoff_initial = 1ms}, client, registry};
  FixedCredentials credentials;
  AwsJsonClient aws{SecretsManagerServiceOptions("eu-west-1", *http::ParseUrl(server.BaseUrl())),
                    dependency, credentials};
  SecretsManagerClient secrets{aws};
};

TEST(SecretsManagerClient, GetsTheCurrentVersionOverJson11) {
  Peer peer({.body = R"({"ARN":"arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf","Name":"db",)"
                     R"("VersionId":"v1","SecretString":"{\"url\":\"postgresql://u:pw@h/db\"}",)"
                     R"("VersionStages":["AWSCURRENT"]})"});
  const auto value = peer.secrets.GetSecretValue("prod/rampart/db");
  ASSERT_TRUE(value) << value.error().Describe("GetSecretValue");
  EXPECT_EQ(value->name, "db");
  EXPECT_EQ(value->version_id, "v1");
  EXPECT_EQ(value->secret_string, R"({"url":"postgresql://u:pw@h/db"})");
  ASSERT_EQ(peer.received.size(), 1U);
  const auto& request = peer.received.front();
  EXPECT_EQ(request.Header("content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(request.Header("x-amz-target"), "secretsmanager.GetSecretValue");
  EXPECT_TRUE(request.Header("authorization").find("/eu-west-1/secretsmanager/aws4_request") !=
              std::string::npos);
  EXPECT_EQ(request.body, R"({"SecretId":"prod/rampart/db","VersionStage":"AWSCURRENT"})");
}

TEST(SecretsManagerClient, ReportsTheServiceErrorAndRefusesBinarySecrets) {
  Peer missing({.status = 400,
                .headers = {{"Content-Type", "application/x-amz-json-1.1"}},
                .body = R"({"__type":"ResourceNotFoundException",)"
                        R"("Message":"Secrets Manager can't find the specified secret."})"});
  const auto error = missing.secrets.GetSecretValue("nope");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().code, "ResourceNotFoundException");
  EXPECT_EQ(error.error().http_status, 400);

  Peer binary({.body = R"({"Name":"b","SecretBinary":"AAEC"})"});
  const auto refused = binary.secrets.GetSecretValue("b");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "SecretBinaryUnsupported");
}

TEST(SecretsManagerClient, PutsANewVersionWithTheCallersToken) {
  Peer peer({.body = R"({"ARN":"arn:aws:secretsmanager:eu-west-1:1:secret:keys-AbCdEf",)"
                     R"("Name":"keys","VersionId":"5f0c6c1e-0000-4000-8000-000000000001",)"
                     R"("VersionStages":["AWSCURRENT"]})"});
  const auto version = peer.secrets.PutSecretValue("prod/rampart/keys", R"({"version":1})",
                                                   "5f0c6c1e-0000-4000-8000-000000000001");
  ASSERT_TRUE(version) << version.error().Describe("PutSecretValue");
  EXPECT_EQ(*version, "5f0c6c1e-0000-4000-8000-000000000001");
  ASSERT_EQ(peer.received.size(), 1U);
  EXPECT_EQ(peer.received.front().Header("x-amz-target"), "secretsmanager.PutSecretValue");
  EXPECT_EQ(peer.received.front().body,
            R"({"SecretId":"prod/rampart/keys","SecretString":"{\"version\":1}",)"
            R"("ClientRequestToken":"5f0c6c1e-0000-4000-8000-000000000001"})");
}

TEST(SecretReference, ParsesIdAndOptionalKey) {
  EXPECT_FALSE(ParseSecretReference("postgresql://h/db")->has_value());
  const auto whole = ParseSecretReference("aws-sm:prod/rampart/db");
  ASSERT_TRUE(whole && whole->has_value());
  EXPECT_EQ((*whole)->secret_id, "prod/rampart/db");
  EXPECT_EQ((*whole)->json_key, "");
  const auto keyed =
      ParseSecretReference("aws-sm:arn:aws:secretsmanager:eu-west-1:123:secret:db-AbC#url");
  ASSERT_TRUE(keyed && keyed->has_value());
  EXPECT_EQ((*keyed)->secret_id, "arn:aws:secretsmanager:eu-west-1:123:secret:db-AbC");
  EXPECT_EQ((*keyed)->json_key, "url");
  EXPECT_EQ((*keyed)->ToString(), "aws-sm:arn:aws:secretsmanager:eu-west-1:123:secret:db-AbC#url");
  EXPECT_FALSE(ParseSecretReference("aws-sm:"));
  EXPECT_FALSE(ParseSecretReference("aws-sm:db#"));
}

TEST(SecretReference, SelectsAJsonKeyWithoutEchoingTheSecret) {
  const SecretReference whole{.secret_id = "s"};
  EXPECT_EQ(SelectSecretValue(whole, "plain-value"), "plain-value");
  const SecretReference key{.secret_id = "s", .json_key = "password"};
  EXPECT_EQ(SelectSecretValue(key, R"({"username":"u","password":"p4ss","port":5432})"), "p4ss");
  EXPECT_EQ(SelectSecretValue({.secret_id = "s", .json_key = "port"}, R"({"port":5432})"), "5432");
  const auto missing = SelectSecretValue(key, R"({"username":"hunter2"})");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "secret s has no key \"password\"");
  const auto not_json = SelectSecretValue(key, "hunter2");
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace rampart::infrastructure::aws
