#include "main/outbound.hpp"

#include <stdexcept>

#include "common/log.hpp"
#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/credential_sources.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"  // rampart:only(sqs)

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

// rampart:begin(sqs)
std::string SqsRegion(const config::Settings& settings, const std::string& queue_url) {
  if (!settings.aws_region.empty()) return settings.aws_region;
  const auto url = http::ParseUrl(queue_url);
  if (!url) return {};
  // sqs.<region>.amazonaws.com (or .amazonaws.com.cn)
  const std::string& host = url->host;
  if (!host.starts_with("sqs.")) return {};
  const auto dot = host.find('.', 4);
  if (dot == std::string::npos || host.find(".amazonaws.com", dot) != dot) return {};
  return host.substr(4, dot - 4);
}
// rampart:end

AwsContext::AwsContext(const config::Settings& settings)
    : settings_(settings),
      http_(std::make_unique<http::HttpClient>(
          http::HttpClientOptions{.ca_file = settings.outbound_ca_file.string()})),
      auth_(std::make_unique<http::Dependency>("aws_auth", PolicyFrom(settings.outbound_aws_auth),
                                               *http_)) {
  auto chain = aws::DefaultCredentialChain(aws::AwsEnvironmentFromProcess(), *auth_);
  if (!chain) throw std::runtime_error("AWS: " + chain.error());
  credentials_ = std::move(*chain);
}

AwsContext::~AwsContext() = default;

// rampart:begin(sqs)
http::Dependency& AwsContext::Sqs() {
  if (!sqs_) {
    sqs_ = std::make_unique<http::Dependency>("sqs", PolicyFrom(settings_.outbound_sqs), *http_);
  }
  return *sqs_;
}

namespace {

class Stack final : public SqsQueueStack {
 public:
  Stack(AwsContext& context, const std::string& queue_url, std::string_view setting)
      : sqs_(context.Sqs()) {
    const auto& settings = context.Settings();
    const std::string region = SqsRegion(settings, queue_url);
    if (region.empty()) {
      throw std::runtime_error(std::string(setting) +
                               ": no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION)");
    }
    // The queue URL's own origin unless an endpoint is configured: an emulator's queue URL
    // works as it is.
    const auto queue = http::ParseUrl(queue_url);
    const std::string endpoint =
        aws::ResolveEndpoint(settings.aws_endpoint_url_sqs, settings.aws_endpoint_url,
                             queue ? queue->Origin() : std::string(), "sqs", region);
    const auto url = http::ParseUrl(endpoint);
    if (!url) throw std::runtime_error("the SQS endpoint is not an http(s) URL");
    aws_ = std::make_unique<aws::AwsJsonClient>(aws::AwsServiceOptions{.name = "SQS",
                                                                       .signing_name = "sqs",
                                                                       .target_prefix = "AmazonSQS",
                                                                       .json_version = "1.0",
                                                                       .region = region,
                                                                       .endpoint = *url},
                                                sqs_, context.Credentials());
    queue_ = std::make_unique<infrastructure::messaging::SqsQueue>(
        infrastructure::messaging::SqsQueueOptions{.queue_url = queue_url,
                                                   .wait_time = settings.queue_wait_time},
        *aws_);
    log::Info("messaging", "queue: Amazon SQS",
              {{"setting", std::string(setting.substr(0, setting.find(' ')))},
               {"fifo", queue_->Fifo()},
               {"region", region},
               {"endpoint", url->Origin()}});
  }

  application::MessageQueue& Queue() override { return *queue_; }
  std::string BreakerState() const override {
    return std::string(infrastructure::resilience::ToString(sqs_.BreakerState()));
  }

 private:
  http::Dependency& sqs_;
  std::unique_ptr<aws::AwsJsonClient> aws_;
  std::unique_ptr<infrastructure::messaging::SqsQueue> queue_;
};

}  // namespace

std::unique_ptr<SqsQueueStack> MakeSqsQueue(AwsContext& aws, const std::string& queue_url,
                                            std::string_view setting) {
  return std::make_unique<Stack>(aws, queue_url, setting);
}

// rampart:end

}  // namespace rampart
