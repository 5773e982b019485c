// What AWS endpoints answer, as rampart reads it: the SQS JSON protocol replies of every
// operation the queue adapter calls (infrastructure/messaging/sqs/sqs_queue.hpp: message ids,
// receipt handles, bodies and attributes with their MD5 checks, Failed[] entries, queue
// attributes), AWS error documents (`__type`, `message`, x-amzn-query-error), the credentials
// document of the ECS endpoint and IMDS (infrastructure/aws/credential_sources.hpp), ISO 8601
// times, and URLs. A malformed answer must be an error value or a std::exception the
// adapter's worker loop catches — never a crash, a hang or a message handed out unchecked.
//
// Input: the first byte picks the operation and the HTTP status; the rest is the answer's body
// (for the credentials mode, the document; for the URL mode, the URL).
#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "aws_reply_fixture.hpp"
#include "fuzz_check.hpp"
#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/credential_sources.hpp"
#include "infrastructure/aws/iso8601.hpp"
#include "infrastructure/http/url.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

namespace {

using namespace rampart::infrastructure;
using namespace std::chrono_literals;

struct Fixture : rampart::fuzz::AwsReplyFixture {
  Fixture()
      : AwsReplyFixture("sqs", {.name = "SQS",
                                .signing_name = "sqs",
                                .target_prefix = "AmazonSQS",
                                .json_version = "1.0",
                                .region = "us-east-1",
                                .endpoint = *http::ParseUrl("http://127.0.0.1:9324")}) {}
  messaging::SqsQueue fifo{{.queue_url = "http://127.0.0.1:9324/000000000000/mail.fifo",
                            .wait_time = 0s,
                            .resend_rounds = 1,
                            .status_max_age = 0s},
                           client};
};

Fixture& Get() {
  static Fixture fixture;
  return fixture;
}

void DriveQueue(int operation) {
  auto& queue = Get().fifo;
  const std::vector<rampart::application::OutgoingMessage> messages = {
      {.group_id = "u1", .deduplication_id = "e1", .body = R"({"a":1})",
       .attributes = {{"type", "mail"}}},
      {.group_id = "u2", .deduplication_id = "e2", .body = "x", .attributes = {}}};
  switch (operation) {
    case 0:
      for (const auto& message : queue.Receive(10, 30s)) {
        FUZZ_CHECK(!message.receipt_handle.empty());
      }
      break;
    case 1: {
      const auto outcomes = queue.PublishBatch(messages);
      FUZZ_CHECK(outcomes.size() == messages.size());
      break;
    }
    case 2: {
      const std::vector<std::string> handles = {"h1", "h2", "h3"};
      FUZZ_CHECK(queue.DeleteBatch(handles).size() == handles.size());
      break;
    }
    case 3:
      (void)queue.ExtendVisibility("h1", 30s);
      break;
    default:
      (void)queue.Status();
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const int mode = data[0] % 8;
  if (mode < 5) {
    auto& transport = Get().transport;
    constexpr int kStatuses[] = {200, 200, 400, 500};
    transport.status = kStatuses[(data[0] >> 3) % 4];
    transport.error_code = (data[0] & 0x20) ? "AWS.SimpleQueueService.NonExistentQueue;Sender" : "";
    transport.body.assign(body);
    try {
      DriveQueue(mode);
    } catch (const std::exception&) {
      // A refused or malformed answer: the worker loop logs it and tries again later.
    }
  } else if (mode == 5) {
    const auto credentials = aws::ParseCredentialsDocument(body, "fuzz");
    if (credentials) {
      FUZZ_CHECK(!credentials->access_key_id.empty());
      FUZZ_CHECK(!credentials->secret_access_key.empty());
    } else {
      // The error names the source, never the secret key the document holds. (Comparing with
      // the whole body proved nothing: " a JSON o" is part of the fixed message itself.)
      boost::system::error_code error;
      const auto document = boost::json::parse(body, error);
      if (!error && document.is_object()) {
        if (const auto* secret = document.as_object().if_contains("SecretAccessKey");
            secret != nullptr && secret->is_string() && secret->as_string().size() >= 8) {
          FUZZ_CHECK(credentials.error().find(secret->as_string().c_str()) == std::string::npos);
        }
      }
    }
  } else if (mode == 6) {
    (void)aws::ParseIso8601(body);
    http::HttpResponse response{.status = 400, .headers = {}, .body = std::string(body)};
    (void)aws::ParseAwsError(response);
  } else {
    if (const auto url = http::ParseUrl(body)) {
      FUZZ_CHECK(!url->host.empty());
      FUZZ_CHECK(url->target.starts_with('/'));
      (void)url->HostHeader();
    }
  }
  return 0;
}
