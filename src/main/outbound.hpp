#pragma once
// The composition root's side of outgoing calls: the resilience policy of each dependency from
// the settings, what every AWS client of the process shares (AwsContext), and the SQS queue
// built on it from `queue.url`, `aws.*` and `outbound.*`. See docs/outbound.md.
#include <memory>
#include <string>
#include <string_view>

#include "application/ports/message_queue.hpp"
#include "infrastructure/http/dependency.hpp"
#include "main/config/settings.hpp"

namespace rampart {

namespace infrastructure::aws {
class CredentialsProvider;
}
namespace infrastructure::http {
class HttpClient;
}

infrastructure::http::DependencyPolicy PolicyFrom(const config::OutboundPolicy& policy);

// SqsRegion returns the region of SQS: aws.region, else the one in an `sqs.<region>.amazonaws.com`
// queue URL; empty when neither says.
std::string SqsRegion(const config::Settings& settings, const std::string& queue_url);

// AwsContext: what every AWS client of one process shares: the outbound HTTP client (so its
// kept-alive connections are shared too), the credential endpoints' dependency (`aws_auth`) and the
// credential chain. Build one, then the service clients on it (an SQS queue per queue URL; Secrets
// Manager). Destroy it after them.
class AwsContext {
 public:
  // AwsContext throws std::runtime_error (never with a secret) when no credential source applies or
  // one is malformed. The first temporary credentials are fetched on first use, not here.
  explicit AwsContext(const config::Settings& settings);
  ~AwsContext();
  AwsContext(const AwsContext&) = delete;
  AwsContext& operator=(const AwsContext&) = delete;

  infrastructure::http::HttpClient& Http() { return *http_; }
  // Sqs returns the `sqs` dependency (policy outbound.sqs.*), made on first use and shared by every
  // SQS queue of the process: one breaker, bulkhead and set of metrics for the one service.
  infrastructure::http::Dependency& Sqs();
  infrastructure::aws::CredentialsProvider& Credentials() { return *credentials_; }
  const config::Settings& Settings() const { return settings_; }

 private:
  const config::Settings& settings_;
  std::unique_ptr<infrastructure::http::HttpClient> http_;
  std::unique_ptr<infrastructure::http::Dependency> auth_;
  std::unique_ptr<infrastructure::http::Dependency> sqs_;
  std::unique_ptr<infrastructure::aws::CredentialsProvider> credentials_;
};

// SqsQueueStack is an SQS queue and the client it stands on.
class SqsQueueStack {
 public:
  virtual ~SqsQueueStack() = default;
  virtual application::MessageQueue& Queue() = 0;
  // BreakerState returns "closed", "open" or "half-open": the SQS dependency's breaker.
  virtual std::string BreakerState() const = 0;
};

// MakeSqsQueue returns the queue at `queue_url` (settings.queue_url for the mail queue,
// events_queue_url for the events). Throws std::runtime_error naming `setting` when no region can
// be found.
std::unique_ptr<SqsQueueStack> MakeSqsQueue(
    AwsContext& aws, const std::string& queue_url,
    std::string_view setting = "queue.url (RAMPART_QUEUE_URL)");

}  // namespace rampart
