// The settings of outgoing calls and AWS: the AWS SDKs' variable names (AWS_DEFAULT_REGION
// when AWS_REGION is unset), the queue URL and long-poll rules, and a policy per dependency.
#include <gtest/gtest.h>

#include "main/config/config.hpp"
#include "main/config/outbound_settings.hpp"
#include "main/config/test_config_dir.hpp"

namespace rampart::config {
namespace {

using namespace std::chrono_literals;

std::expected<Settings, std::string> LoadWith(std::map<std::string, std::string> environment) {
  testing::TestConfigDir dir;
  return Load({.config_dir = dir.path(), .environment = std::move(environment)});
}

TEST(OutboundSettings, RegionFromAwsRegionElseAwsDefaultRegion) {
  auto fallback = LoadWith({{"AWS_DEFAULT_REGION", "eu-west-3"}});
  ASSERT_TRUE(fallback) << fallback.error();
  EXPECT_EQ(fallback->aws_region, "eu-west-3");
  EXPECT_EQ(fallback->origins.at("aws.region").Describe(), "AWS_DEFAULT_REGION");
  auto both = LoadWith({{"AWS_DEFAULT_REGION", "eu-west-3"}, {"AWS_REGION", "us-east-2"}});
  ASSERT_TRUE(both) << both.error();
  EXPECT_EQ(both->aws_region, "us-east-2");
  EXPECT_FALSE(LoadWith({{"AWS_REGION", "Not A Region"}}));
}

TEST(OutboundSettings, EndpointsAreUrlsWithoutPathOrCredentials) {
  auto loaded = LoadWith({{"AWS_ENDPOINT_URL", "http://127.0.0.1:4566"},
                          {"AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://secrets.example.com"}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->aws_endpoint_url, "http://127.0.0.1:4566");
  EXPECT_EQ(loaded->aws_endpoint_url_secrets_manager, "https://secrets.example.com");
  const auto refused = LoadWith({{"AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://user:hunter2@host"}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().find("hunter2"), std::string::npos) << refused.error();
  EXPECT_FALSE(LoadWith({{"AWS_ENDPOINT_URL", "ftp://host"}}));
  EXPECT_FALSE(LoadWith({{"AWS_ENDPOINT_URL", "http://host/path"}}));
}

// rampart:begin(sqs)
TEST(OutboundSettings, QueueUrlAndLongPolling) {
  EXPECT_TRUE(ValidateQueueUrl(""));
  EXPECT_TRUE(ValidateQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/mail.fifo"));
  EXPECT_TRUE(ValidateQueueUrl("http://127.0.0.1:4566/000000000000/mail"));
  EXPECT_FALSE(ValidateQueueUrl("https://sqs.eu-west-1.amazonaws.com/mail"));
  EXPECT_FALSE(ValidateQueueUrl("https://sqs.eu-west-1.amazonaws.com/1/2/3"));
  EXPECT_FALSE(ValidateQueueUrl("sqs://queue"));
  auto loaded = LoadWith({{"RAMPART_QUEUE_URL", "http://127.0.0.1:4566/000000000000/q.fifo"},
                          {"RAMPART_QUEUE_WAIT_TIME", "20s"}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->queue_wait_time, 20s);
  EXPECT_FALSE(LoadWith({{"RAMPART_QUEUE_WAIT_TIME", "21s"}}));
  auto endpoint = LoadWith({{"AWS_ENDPOINT_URL_SQS", "https://sqs.example.com"}});
  ASSERT_TRUE(endpoint) << endpoint.error();
  EXPECT_EQ(endpoint->aws_endpoint_url_sqs, "https://sqs.example.com");
}
// rampart:end

TEST(OutboundSettings, APolicyPerDependency) {
  auto loaded = LoadWith({{"RAMPART_OUTBOUND_SECRETS_MAX_ATTEMPTS", "2"},
                          {"RAMPART_OUTBOUND_AWS_AUTH_ATTEMPT_TIMEOUT", "300ms"},
                          {"RAMPART_OUTBOUND_OTLP_RETRY_BUDGET", "0"},
                          {"RAMPART_OUTBOUND_CA_FILE", "/etc/ssl/private-ca.pem"}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_EQ(loaded->outbound_secrets.max_attempts, 2);
  EXPECT_EQ(loaded->outbound_secrets.timeout, 10s);  // the default
  EXPECT_EQ(loaded->outbound_aws_auth.attempt_timeout, 300ms);
  EXPECT_EQ(loaded->outbound_otlp.retry_budget_percent, 0);
  EXPECT_EQ(loaded->outbound_ca_file, "/etc/ssl/private-ca.pem");
  EXPECT_FALSE(LoadWith({{"RAMPART_OUTBOUND_SECRETS_MAX_ATTEMPTS", "0"}}));
  EXPECT_FALSE(LoadWith({{"RAMPART_OUTBOUND_SECRETS_MAX_CONCURRENT", "0"}}));
}

TEST(OutboundSettings, OtlpEndpointMayBeHttps) {
  auto loaded = LoadWith({{"RAMPART_OTLP_ENDPOINT", "https://otlp.example.com:4318"}});
  ASSERT_TRUE(loaded) << loaded.error();
  EXPECT_FALSE(LoadWith({{"RAMPART_OTLP_ENDPOINT", "grpc://otlp.example.com"}}));
}

}  // namespace
}  // namespace rampart::config
