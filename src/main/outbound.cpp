#include "main/outbound.hpp"

#include <stdexcept>

#include "common/log.hpp"
#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/credential_sources.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

namespace rampart {

namespace http = infrastructure::http;
namespace aws = infrastructure::aws;

http::DependencyPolicy PolicyFrom(const config::OutboundPolicy& policy) {
  return {.attempt_timeout = policy.attempt_timeout,
          .total_timeout = policy.timeout,
          .max_attempts = policy.max_attempts,
          .backoff_initial = policy.backoff_initial,
          .backoff_max = policy.backoff_max,
          .retry_budget_ratio = policy.retry_budget_percent / 100.0,
          .breaker_failures = policy.breaker_failures,
          .breaker_open_for = policy.breaker_open_for,
          .max_concurrent = static_cast<std::size_t>(policy.max_concurrent)};
}

std::string SqsRegion(const config::Settings& settings) {
  if (!settings.aws_region.empty()) return settings.aws_region;
  const auto url = http::ParseUrl(settings.queue_url);
  if (!url) return {};
  // sqs.<region>.amazonaws.com (or .amazonaws.com.cn)
  const std::string& host = url->host;
  if (!host.starts_with("sqs.")) return {};
  const auto dot = host.find('.', 4);
  if (dot == std::string::npos || host.find(".amazonaws.com", dot) != dot) return {};
  return host.substr(4, dot - 4);
}

namespace {

class Stack final : public SqsQueueStack {
 public:
  explicit Stack(const config::Settings& settings)
      : client_({.ca_file = settings.outbound_ca_file.string()}),
        sqs_("sqs", PolicyFrom(settings.outbound_sqs), client_),
        credentials_dependency_("aws_auth", PolicyFrom(settings.outbound_aws_auth),
                                client_) {
    const std::string region = SqsRegion(settings);
    if (region.empty()) {
      throw std::runtime_error(
          "queue.url (RAMPART_QUEUE_URL): no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION)");
    }
    auto chain = aws::DefaultCredentialChain(aws::AwsEnvironmentFromProcess(),
                                             credentials_dependency_);
    if (!chain) throw std::runtime_error("queue.url (RAMPART_QUEUE_URL): " + chain.error());
    credentials_ = std::move(*chain);
    // The queue URL's own origin unless an endpoint is configured: an emulator's queue URL
    // works as it is.
    const auto queue = http::ParseUrl(settings.queue_url);
    const std::string endpoint = aws::ResolveEndpoint(
        settings.aws_endpoint_url_sqs, settings.aws_endpoint_url,
        queue ? queue->Origin() : std::string(), "sqs", region);
    const auto url = http::ParseUrl(endpoint);
    if (!url) throw std::runtime_error("the SQS endpoint is not an http(s) URL");
    aws_ = std::make_unique<aws::AwsJsonClient>(
        aws::AwsServiceOptions{.name = "SQS",
                               .signing_name = "sqs",
                               .target_prefix = "AmazonSQS",
                               .json_version = "1.0",
                               .region = region,
                               .endpoint = *url},
        sqs_, *credentials_);
    queue_ = std::make_unique<infrastructure::messaging::SqsQueue>(
        infrastructure::messaging::SqsQueueOptions{.queue_url = settings.queue_url,
                                                   .wait_time = settings.queue_wait_time},
        *aws_);
    log::Info("messaging", "queue: Amazon SQS",
              {{"fifo", queue_->Fifo()}, {"region", region}, {"endpoint", url->Origin()}});
  }

  application::MessageQueue& Queue() override { return *queue_; }
  std::string BreakerState() const override {
    return std::string(infrastructure::resilience::ToString(sqs_.BreakerState()));
  }

 private:
  http::HttpClient client_;
  http::Dependency sqs_;
  http::Dependency credentials_dependency_;
  std::unique_ptr<aws::CredentialsProvider> credentials_;
  std::unique_ptr<aws::AwsJsonClient> aws_;
  std::unique_ptr<infrastructure::messaging::SqsQueue> queue_;
};

}  // namespace

std::unique_ptr<SqsQueueStack> MakeSqsQueue(const config::Settings& settings) {
  return std::make_unique<Stack>(settings);
}

}  // namespace rampart
