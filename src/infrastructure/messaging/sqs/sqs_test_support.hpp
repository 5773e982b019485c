#pragma once
// The SQS peer of the tests (tests/services/sqs.sh: fauxqs behind a SigV4-checking proxy) as
// the adapter sees it: an AWS JSON client for its endpoint, and fresh queues on it.
#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

namespace rampart::infrastructure::messaging::testing {

class FixedCredentials final : public aws::CredentialsProvider {
 public:
  explicit FixedCredentials(aws::AwsCredentials credentials)
      : credentials_(std::move(credentials)) {}
  std::expected<aws::AwsCredentials, std::string> Current() override { return credentials_; }

 private:
  aws::AwsCredentials credentials_;
};

// SqsPeer is one client of the peer (HTTP client, dependency, credentials, AWS JSON client).
class SqsPeer {
 public:
  // SqsPeer: `secret`: the secret to sign with (empty: the peer's own).
  explicit SqsPeer(std::string secret = {}) {
    const char* state = std::getenv("RAMPART_TEST_SQS_STATE");
    if (state == nullptr)
      throw std::runtime_error("RAMPART_TEST_SQS_STATE is not set (run via ctest)");
    std::ifstream file(std::string(state) + "/peer.json");
    std::stringstream text;
    text << file.rdbuf();
    const auto peer = boost::json::parse(text.str()).as_object();
    endpoint_ = std::string(peer.at("endpoint").as_string());
    credentials_ = std::make_unique<FixedCredentials>(aws::AwsCredentials{
        .access_key_id = std::string(peer.at("accessKeyId").as_string()),
        .secret_access_key =
            secret.empty() ? std::string(peer.at("secretAccessKey").as_string()) : secret,
        .source = "test"});
    dependency_ = std::make_unique<http::Dependency>(
        "sqs",
        http::DependencyPolicy{.attempt_timeout = std::chrono::seconds(5),
                               .total_timeout = std::chrono::seconds(10),
                               .backoff_initial = std::chrono::milliseconds(10),
                               .backoff_max = std::chrono::milliseconds(50)},
        client_, registry_);
    aws_ = std::make_unique<aws::AwsJsonClient>(
        aws::AwsServiceOptions{.name = "SQS",
                               .signing_name = "sqs",
                               .target_prefix = "AmazonSQS",
                               .json_version = "1.0",
                               .region = std::string(peer.at("region").as_string()),
                               .endpoint = *http::ParseUrl(endpoint_)},
        *dependency_, *credentials_);
  }

  aws::AwsJsonClient& Client() { return *aws_; }
  const std::string& Endpoint() const { return endpoint_; }

  // CreateQueue creates a queue (FIFO when the name ends in .fifo) and returns its URL.
  std::string CreateQueue(const std::string& name, const boost::json::object& attributes = {}) {
    boost::json::object all = attributes;
    if (name.ends_with(".fifo")) all["FifoQueue"] = "true";
    const boost::json::object request{{"QueueName", name}, {"Attributes", all}};
    const auto answer = aws_->Call("CreateQueue", boost::json::serialize(request));
    if (!answer) throw std::runtime_error(answer.error().Describe("CreateQueue"));
    return std::string(boost::json::parse(*answer).as_object().at("QueueUrl").as_string());
  }

  // CreateQueueWithDeadLetters returns a fresh FIFO queue with a dead-letter queue after
  // `max_receives` receives.
  std::string CreateQueueWithDeadLetters(const std::string& name, int max_receives) {
    CreateQueue(name + "-dlq.fifo");
    const std::string redrive =
        "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:" + name +
        "-dlq.fifo\",\"maxReceiveCount\":" + std::to_string(max_receives) + "}";
    return CreateQueue(name + ".fifo", {{"RedrivePolicy", redrive}});
  }

 private:
  std::string endpoint_;
  rampart::telemetry::Registry registry_;
  http::HttpClient client_;
  std::unique_ptr<FixedCredentials> credentials_;
  std::unique_ptr<http::Dependency> dependency_;
  std::unique_ptr<aws::AwsJsonClient> aws_;
};

// UniqueName returns a name no other test (or run) uses.
inline std::string UniqueName(std::string_view prefix) {
  static int counter = 0;
  return std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace rampart::infrastructure::messaging::testing
