#pragma once
// The AWS JSON client of the AWS reply harnesses: every request it sends is answered with the
// fuzzed status, body and error header, signed with fixed credentials at a fixed time, with
// one attempt and no circuit breaker, so each input is one reply read once.
#include <chrono>
#include <string>

#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/http/dependency.hpp"
#include "scripted_transport.hpp"

namespace rampart::fuzz {

// FixedCredentials signs with a fixed, fake key.
class FixedCredentials final : public infrastructure::aws::CredentialsProvider {
 public:
  std::expected<infrastructure::aws::AwsCredentials, std::string> Current() override {
    return infrastructure::aws::AwsCredentials{.access_key_id = "AKIDFUZZ",
                                               .secret_access_key = "secret"};
  }
};

// AwsReplyFixture is the client of one service (`options`) over a ScriptedTransport.
struct AwsReplyFixture {
  AwsReplyFixture(const std::string& dependency_name, infrastructure::aws::AwsServiceOptions options)
      : dependency{dependency_name,
                   {.max_attempts = 1, .breaker_failures = 1 << 30},
                   transport,
                   registry,
                   {.sleep = [](std::chrono::milliseconds) {}, .seed = 1}},
        client{std::move(options), dependency, credentials, [] {
                 return std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
               }} {}

  telemetry::Registry registry;
  ScriptedTransport transport;
  infrastructure::http::Dependency dependency;
  FixedCredentials credentials;
  infrastructure::aws::AwsJsonClient client;
};

}  // namespace rampart::fuzz
