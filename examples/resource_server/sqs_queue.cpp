#include "sqs_queue.hpp"

#include <cstdlib>
#include <stdexcept>

#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/credential_sources.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

namespace resource_server {

namespace aws = rampart::infrastructure::aws;
namespace http = rampart::infrastructure::http;

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

// Declared in the order they depend on each other (and are destroyed in reverse).
struct SqsEvents::Parts {
  http::Dependency metadata;  // the ECS and EC2 credential endpoints
  http::Dependency sqs;
  std::unique_ptr<aws::CredentialsProvider> credentials;
  std::unique_ptr<aws::AwsJsonClient> client;
  std::unique_ptr<rampart::infrastructure::messaging::SqsQueue> queue;

  // rampart's defaults for the same dependencies (outbound.aws_auth, outbound.sqs:
  // docs/outbound.md); the long poll's wait is added to the SQS deadlines by the SQS client.
  explicit Parts(http::HttpClient& http)
      : metadata("aws_auth",
                 {.attempt_timeout = std::chrono::seconds(1),
                  .total_timeout = std::chrono::seconds(5),
                  .max_attempts = 3,
                  .backoff_max = std::chrono::seconds(1),
                  .breaker_open_for = std::chrono::seconds(10),
                  .max_concurrent = 4},
                 http),
        sqs("sqs",
            {.attempt_timeout = std::chrono::seconds(5),
             .total_timeout = std::chrono::seconds(20),
             .max_attempts = 4,
             .backoff_max = std::chrono::seconds(5),
             .breaker_open_for = std::chrono::seconds(10),
             .max_concurrent = 32},
            http) {}
};

SqsEvents::SqsEvents(http::HttpClient& http, const std::string& queue_url,
                     std::chrono::seconds wait_time)
    : parts_(std::make_unique<Parts>(http)) {
  const std::string region =
      Env("AWS_REGION").empty() ? Env("AWS_DEFAULT_REGION") : Env("AWS_REGION");
  if (region.empty()) throw std::runtime_error("SQS: set AWS_REGION (or AWS_DEFAULT_REGION)");
  auto credentials =
      aws::DefaultCredentialChain(aws::AwsEnvironmentFromProcess(), parts_->metadata);
  if (!credentials) throw std::runtime_error("AWS credentials: " + credentials.error());
  parts_->credentials = std::move(*credentials);

  const auto queue = http::ParseUrl(queue_url);
  if (!queue) throw std::runtime_error("the events queue URL is not an http(s) URL");
  const auto endpoint = http::ParseUrl(aws::ResolveEndpoint(
      Env("AWS_ENDPOINT_URL_SQS"), Env("AWS_ENDPOINT_URL"), queue->Origin(), "sqs", region));
  if (!endpoint) throw std::runtime_error("the SQS endpoint is not an http(s) URL");
  parts_->client =
      std::make_unique<aws::AwsJsonClient>(aws::AwsServiceOptions{.name = "SQS",
                                                                  .signing_name = "sqs",
                                                                  .target_prefix = "AmazonSQS",
                                                                  .json_version = "1.0",
                                                                  .region = region,
                                                                  .endpoint = *endpoint},
                                           parts_->sqs, *parts_->credentials);
  parts_->queue = std::make_unique<rampart::infrastructure::messaging::SqsQueue>(
      rampart::infrastructure::messaging::SqsQueueOptions{.queue_url = queue_url,
                                                          .wait_time = wait_time},
      *parts_->client);
}

SqsEvents::~SqsEvents() = default;

rampart::application::MessageQueue& SqsEvents::Queue() { return *parts_->queue; }

}  // namespace resource_server
