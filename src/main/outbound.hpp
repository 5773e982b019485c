#pragma once
// The composition root's side of outgoing calls: the resilience policy of each dependency from
// the settings, and the SQS queue (HTTP client, credential chain, AWS JSON client, adapter)
// built from `queue.url`, `aws.*` and `outbound.*`. See docs/outbound.md.
#include <memory>
#include <string>

#include "application/ports/message_queue.hpp"
#include "infrastructure/http/dependency.hpp"
#include "main/config/settings.hpp"

namespace rampart {

infrastructure::http::DependencyPolicy PolicyFrom(const config::OutboundPolicy& policy);

/// The region of SQS: aws.region, else the one in an `sqs.<region>.amazonaws.com` queue URL;
/// empty when neither says.
std::string SqsRegion(const config::Settings& settings);

/// The SQS adapter and everything it stands on, owned together.
class SqsQueueStack {
 public:
  virtual ~SqsQueueStack() = default;
  virtual application::MessageQueue& Queue() = 0;
  /// "closed", "open" or "half-open": the SQS dependency's breaker.
  virtual std::string BreakerState() const = 0;
};

/// Builds it; throws std::runtime_error (naming the setting or variable, never a secret) when
/// the region or the credentials cannot be found. The first credentials are fetched on the
/// first call, not here.
std::unique_ptr<SqsQueueStack> MakeSqsQueue(const config::Settings& settings);

}  // namespace rampart
