#pragma once
// Calls to AWS services that speak the JSON protocol (SQS: application/x-amz-json-1.0,
// Secrets Manager: application/x-amz-json-1.1): a POST to the service endpoint with the
// operation in X-Amz-Target, signed with SigV4 for every attempt, through a resilience
// Dependency. Errors are parsed from the AWS error document (`__type`, `message`); throttling
// codes are retried, other client errors are not; a refused (expired) token makes the
// credentials be fetched again and the call retried.
#include <chrono>
#include <expected>
#include <functional>
#include <string>
#include <string_view>

#include "infrastructure/aws/credentials.hpp"
#include "infrastructure/http/dependency.hpp"

namespace rampart::infrastructure::aws {

struct AwsError {
  int http_status = 0;     // 0: no answer (see message)
  std::string code;        // "QueueDoesNotExist", "ThrottlingException" (no namespace)
  std::string message;     // the service's message, or the transport failure
  bool retryable = false;  // throttling, 5xx, no answer
  // Describe returns "SQS ReceiveMessage: QueueDoesNotExist (400): The specified queue does not
  // exist."
  std::string Describe(std::string_view operation) const;
};

// ParseAwsError returns the code and message of an AWS JSON error answer: `__type` (the part after
// '#', or the `x-amzn-query-error` header's code for SQS), `message` or `Message`.
AwsError ParseAwsError(const http::HttpResponse& response);

// IsThrottlingCode returns true for the throttling codes of the AWS SDKs' retry strategy
// (ThrottlingException, RequestThrottled, TooManyRequestsException,
// ProvisionedThroughputExceededException, SlowDown, ...).
bool IsThrottlingCode(std::string_view code);
// IsExpiredCredentialsCode returns true for ExpiredToken, ExpiredTokenException, RequestExpired,
// InvalidClientTokenId (the latter when temporary credentials rotated under the request).
bool IsExpiredCredentialsCode(std::string_view code);

// ResolveEndpoint returns the endpoint of a service: AWS_ENDPOINT_URL_<SERVICE>, else
// AWS_ENDPOINT_URL, else `fallback` (for SQS: the queue URL's own origin), else
// https://<prefix>.<region>.amazonaws.com.
std::string ResolveEndpoint(std::string_view service_override, std::string_view global_override,
                            std::string_view fallback, std::string_view endpoint_prefix,
                            std::string_view region);

struct AwsServiceOptions {
  std::string name;           // for errors: "SQS"
  std::string signing_name;   // "sqs", "secretsmanager"
  std::string target_prefix;  // "AmazonSQS", "secretsmanager"
  std::string json_version;   // "1.0" (SQS), "1.1" (Secrets Manager)
  std::string region;
  http::Url endpoint;
};

class AwsJsonClient {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;
  AwsJsonClient(AwsServiceOptions options, http::Dependency& dependency,
                CredentialsProvider& credentials, Now now = std::chrono::system_clock::now);

  // Call calls `operation` (e.g. "SendMessageBatch") with the JSON `body`; the answer's JSON body,
  // or the error. `allowance` extends the attempt's deadline (SQS long polling).
  std::expected<std::string, AwsError> Call(std::string_view operation, std::string body,
                                            std::chrono::milliseconds allowance = {});

  const AwsServiceOptions& Options() const { return options_; }

 private:
  AwsServiceOptions options_;
  http::Dependency& dependency_;
  CredentialsProvider& credentials_;
  Now now_;
};

}  // namespace rampart::infrastructure::aws
