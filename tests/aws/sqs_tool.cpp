// rampart's SQS adapter as a command, for tests/aws/sqs_interop.test.mjs: the AWS SDK reads what
// this publishes and this receives what the SDK sent. Credentials, region and endpoint come from
// the environment as in `rampart serve` (AWS_ACCESS_KEY_ID, AWS_REGION, the queue URL's host).
//
//   sqs_tool publish QUEUE_URL COUNT   PublishBatch of COUNT messages (group "interop",
//                                      deduplication ids "rampart-<i>", attributes type and n);
//                                      prints each message id
//   sqs_tool receive QUEUE_URL COUNT   receives (and deletes) until COUNT messages came or a
//                                      receive is empty; prints one JSON object per message
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <string>

#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/credential_sources.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

using namespace rampart::infrastructure;
namespace json = boost::json;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: sqs_tool publish|receive QUEUE_URL COUNT\n";
    return 2;
  }
  const std::string command = argv[1];
  const std::string queue_url = argv[2];
  const int count = std::atoi(argv[3]);
  const char* region = std::getenv("AWS_REGION");
  const auto url = http::ParseUrl(queue_url);
  if (region == nullptr || !url) {
    std::cerr << "need AWS_REGION and an http(s) queue URL\n";
    return 2;
  }
  http::HttpClient client;
  http::Dependency sqs("sqs", {.max_attempts = 2}, client);
  http::Dependency metadata("aws_auth", {}, client);
  auto credentials = aws::DefaultCredentialChain(aws::AwsEnvironmentFromProcess(), metadata);
  if (!credentials) {
    std::cerr << credentials.error() << "\n";
    return 1;
  }
  http::Url endpoint = *url;
  endpoint.target = "/";
  aws::AwsJsonClient aws({.name = "SQS",
                          .signing_name = "sqs",
                          .target_prefix = "AmazonSQS",
                          .json_version = "1.0",
                          .region = region,
                          .endpoint = endpoint},
                         sqs, **credentials);
  messaging::SqsQueue queue({.queue_url = queue_url, .wait_time = std::chrono::seconds(1)}, aws);
  try {
    if (command == "publish") {
      std::vector<rampart::application::OutgoingMessage> messages;
      for (int i = 0; i < count; ++i) {
        messages.push_back({.group_id = "interop",
                            .deduplication_id = "rampart-" + std::to_string(i),
                            .body = json::serialize(
                                json::object{{"n", i}, {"text", "héllo ✓ " + std::to_string(i)}}),
                            .attributes = {{"type", "interop"}, {"n", std::to_string(i)}}});
      }
      int failed = 0;
      for (const auto& outcome : queue.PublishBatch(messages)) {
        if (outcome.Published()) {
          std::cout << outcome.message_id << "\n";
        } else {
          std::cerr << outcome.error << "\n";
          ++failed;
        }
      }
      return failed == 0 ? 0 : 1;
    }
    if (command == "receive") {
      int received = 0;
      while (received < count) {
        const auto batch = queue.Receive(10, std::chrono::seconds(30));
        if (batch.empty()) break;
        for (const auto& message : batch) {
          json::object attributes;
          for (const auto& [name, value] : message.attributes) attributes[name] = value;
          std::cout << json::serialize(json::object{{"body", message.body},
                                                    {"attributes", attributes},
                                                    {"group", message.group_id},
                                                    {"deduplication", message.deduplication_id},
                                                    {"receiveCount", message.receive_count}})
                    << "\n";
          if (!queue.Delete(message.receipt_handle)) std::cerr << "delete refused\n";
          ++received;
        }
      }
      return 0;
    }
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  std::cerr << "unknown command " << command << "\n";
  return 2;
}
