#pragma once
// The SQS queue rampart publishes its events to, reached with rampart's own clients: the AWS
// credential chain (environment, ECS, EC2 metadata), SigV4 and the AWS JSON protocol through the
// outgoing HTTP client with its resilience policy.
#include <chrono>
#include <memory>
#include <string>

#include "application/ports/message_queue.hpp"

namespace rampart::infrastructure::http {
class HttpClient;
}

namespace resource_server {

class SqsEvents {
 public:
  // SqsEvents throws std::runtime_error when no region is set (AWS_REGION or
  // AWS_DEFAULT_REGION) or the credentials are malformed. The endpoint is AWS_ENDPOINT_URL_SQS,
  // else AWS_ENDPOINT_URL, else the queue URL's own origin (an emulator's URL works as it is).
  SqsEvents(rampart::infrastructure::http::HttpClient& http, const std::string& queue_url,
            std::chrono::seconds wait_time);
  ~SqsEvents();
  SqsEvents(const SqsEvents&) = delete;
  SqsEvents& operator=(const SqsEvents&) = delete;

  rampart::application::MessageQueue& Queue();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace resource_server
