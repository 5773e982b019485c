// The SQS adapter against a scripted loopback peer, for what fauxqs cannot be made to do:
// a 200 answer with Failed[] entries (sent again alone), and checksums that do not match
// (a send is not taken as done, a received message is not handed out). Also the attribute
// checksum against the value fauxqs and SQS compute.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>

#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_md5.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"
#include "infrastructure/messaging/sqs/sqs_test_support.hpp"
#include "integration/http/loopback_http_server.hpp"

namespace rampart::infrastructure::messaging {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using integration::ServerReply;
using integration::ServerRequest;

struct ScriptedSqs {
  std::mutex mutex;
  std::vector<json::object> requests;
  std::function<json::object(const std::string& target, const json::object& request, int call)>
      answer;
  integration::LoopbackHttpServer server{[this](const ServerRequest& request) {
    std::lock_guard lock(mutex);
    const auto body = json::parse(request.body).as_object();
    requests.push_back(body);
    const auto target = std::string(request.Header("x-amz-target"));
    return ServerReply{.body = json::serialize(answer(target, body, int(requests.size())))};
  }};
  rampart::telemetry::Registry registry;
  http::HttpClient client;
  http::Dependency dependency{"sqs", {.max_attempts = 1}, client, registry};
  testing::FixedCredentials credentials{{.access_key_id = "AKID", .secret_access_key = "s"}};
  aws::AwsJsonClient aws{{.name = "SQS",
                          .signing_name = "sqs",
                          .target_prefix = "AmazonSQS",
                          .json_version = "1.0",
                          .region = "us-east-1",
                          .endpoint = *http::ParseUrl(server.BaseUrl())},
                         dependency,
                         credentials};
  SqsQueue queue{{.queue_url = server.BaseUrl() + "/000000000000/q.fifo", .wait_time = 0s}, aws};
};

json::object Success(const json::object& entry, bool corrupt = false) {
  const std::string body(entry.at("MessageBody").as_string());
  return {{"Id", entry.at("Id")},
          {"MessageId", "id-" + std::string(entry.at("Id").as_string())},
          {"MD5OfMessageBody", Md5OfBody(corrupt ? body + "!" : body)}};
}

TEST(SqsAttributesMd5, MatchesWhatSqsComputes) {
  // fauxqs (and SQS) answered this for {type: String "mail"}.
  EXPECT_EQ(Md5OfAttributes({{"type", "String", "mail"}}), "50bae8377d92db55cad7418e471d0f1b");
  EXPECT_EQ(Md5OfBody("hi"), "49f68a5c8493ec2c0bf489821c21fc3b");
}

TEST(SqsProtocol, FailedEntriesOfABatchAreSentAgainAlone) {
  ScriptedSqs sqs;
  sqs.answer = [](const std::string& target, const json::object& request, int call) {
    EXPECT_EQ(target, "AmazonSQS.SendMessageBatch");
    json::array successful;
    json::array failed;
    for (const auto& item : request.at("Entries").as_array()) {
      const auto& entry = item.as_object();
      // The first call fails entry 1 (a transient fault) and entry 2 (the sender's fault).
      if (call == 1 && entry.at("Id") == "1") {
        failed.push_back(json::object{{"Id", "1"},
                                      {"SenderFault", false},
                                      {"Code", "InternalError"},
                                      {"Message", "try again"}});
      } else if (entry.at("Id") == "2") {
        failed.push_back(json::object{{"Id", "2"},
                                      {"SenderFault", true},
                                      {"Code", "InvalidParameterValue"},
                                      {"Message", "bad"}});
      } else {
        successful.push_back(Success(entry));
      }
    }
    return json::object{{"Successful", successful}, {"Failed", failed}};
  };
  std::vector<application::OutgoingMessage> messages;
  for (int i = 0; i < 3; ++i) {
    messages.push_back({.group_id = "g",
                        .deduplication_id = "d" + std::to_string(i),
                        .body = "m" + std::to_string(i)});
  }
  const auto outcomes = sqs.queue.PublishBatch(messages);
  EXPECT_TRUE(outcomes[0].Published());
  EXPECT_TRUE(outcomes[1].Published()) << outcomes[1].error;
  EXPECT_EQ(outcomes[1].message_id, "id-1");
  EXPECT_FALSE(outcomes[2].Published());
  EXPECT_EQ(outcomes[2].error, "SQS SendMessageBatch: InvalidParameterValue: bad");
  ASSERT_EQ(sqs.requests.size(), 2U);  // the batch, then entry 1 alone; entry 2 not again
  ASSERT_EQ(sqs.requests[1].at("Entries").as_array().size(), 1U);
  EXPECT_EQ(sqs.requests[1].at("Entries").as_array()[0].as_object().at("MessageDeduplicationId"),
            "d1");
  EXPECT_EQ(sqs.requests[0].at("Entries").as_array()[0].as_object().at("MessageGroupId"), "g");
}

TEST(SqsProtocol, ASendWhoseChecksumDoesNotMatchIsNotTakenAsDone) {
  ScriptedSqs sqs;
  sqs.answer = [](const std::string&, const json::object& request, int) {
    json::array successful;
    for (const auto& item : request.at("Entries").as_array()) {
      successful.push_back(Success(item.as_object(), /*corrupt=*/true));
    }
    return json::object{{"Successful", successful}, {"Failed", json::array()}};
  };
  EXPECT_THROW(sqs.queue.Publish({.group_id = "g", .deduplication_id = "d", .body = "x"}),
               std::runtime_error);
  EXPECT_EQ(sqs.requests.size(), 4U);  // the send and three resends
}

TEST(SqsProtocol, AReceivedMessageWhoseChecksumDoesNotMatchIsNotHandedOut) {
  ScriptedSqs sqs;
  sqs.answer = [](const std::string& target, const json::object& request, int) {
    EXPECT_EQ(target, "AmazonSQS.ReceiveMessage");
    EXPECT_EQ(request.at("WaitTimeSeconds").as_int64(), 0);
    const auto message = [](std::string id, std::string body, std::string md5) {
      return json::object{
          {"MessageId", id},
          {"ReceiptHandle", "r-" + id},
          {"Body", body},
          {"MD5OfBody", md5},
          {"MessageAttributes",
           json::object{{"type", json::object{{"DataType", "String"}, {"StringValue", "mail"}}}}},
          {"MD5OfMessageAttributes", Md5OfAttributes({{"type", "String", "mail"}})},
          {"Attributes", json::object{{"ApproximateReceiveCount", "1"},
                                      {"SentTimestamp", "1796282705157"},
                                      {"MessageGroupId", "g"}}}};
    };
    return json::object{
        {"Messages", json::array{message("good", "ok", Md5OfBody("ok")),
                                 message("bad", "tampered", Md5OfBody("original"))}}};
  };
  const auto received = sqs.queue.Receive(10, 30s);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received.front().message_id, "good");
  EXPECT_EQ(received.front().attributes.at("type"), "mail");
  EXPECT_EQ(received.front().group_id, "g");
}

// Found by fuzz/aws_reply_fuzzer.cpp: a SentTimestamp past the year 2262 overflowed the
// conversion to system_clock's nanoseconds (undefined behaviour). One after 2200 is not read.
TEST(SqsProtocol, ASentTimestampBeyondTheClocksRangeIsNotRead) {
  ScriptedSqs sqs;
  sqs.answer = [](const std::string&, const json::object&, int) {
    const auto message = [](const std::string& id, const std::string& sent_ms) {
      return json::object{{"MessageId", id},
                          {"ReceiptHandle", "r-" + id},
                          {"Body", "ok"},
                          {"MD5OfBody", Md5OfBody("ok")},
                          {"Attributes", json::object{{"SentTimestamp", sent_ms}}}};
    };
    return json::object{{"Messages", json::array{message("far", "21800000000000"),
                                                 message("near", "1796282705157")}}};
  };
  const auto received = sqs.queue.Receive(10, 30s);
  ASSERT_EQ(received.size(), 2U);
  EXPECT_EQ(received[0].sent_at, domain::TimePoint{});
  EXPECT_EQ(received[1].sent_at.time_since_epoch(), std::chrono::seconds(1796282705));
}

// Found by fuzz/aws_reply_fuzzer.cpp: a message without a ReceiptHandle (or MessageId) was
// handed out, and nothing could ever delete it.
TEST(SqsProtocol, AReceivedMessageWithoutAReceiptHandleOrIdIsNotHandedOut) {
  ScriptedSqs sqs;
  sqs.answer = [](const std::string&, const json::object&, int) {
    const auto message = [](const std::string& id, const std::string& handle) {
      json::object entry{{"Body", "ok"}, {"MD5OfBody", Md5OfBody("ok")}};
      if (!id.empty()) entry["MessageId"] = id;
      if (!handle.empty()) entry["ReceiptHandle"] = handle;
      return entry;
    };
    return json::object{{"Messages", json::array{message("no-handle", ""), message("", "r-x"),
                                                 message("good", "r-good")}}};
  };
  const auto received = sqs.queue.Receive(10, 30s);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received.front().message_id, "good");
  EXPECT_EQ(received.front().receipt_handle, "r-good");
}

}  // namespace
}  // namespace rampart::infrastructure::messaging
