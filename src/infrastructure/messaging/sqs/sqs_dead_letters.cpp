// SqsQueue's dead-letter operations (`rampart queue dead-letters` and `rampart queue redrive`).
#include <algorithm>
#include <set>

#include "infrastructure/messaging/sqs/sqs_json.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"

namespace rampart::infrastructure::messaging {

namespace {

namespace json = boost::json;
using sqs_json::Parse;
using sqs_json::Text;

constexpr auto kListingLease = std::chrono::seconds(30);
constexpr auto kRedriveLease = std::chrono::seconds(60);

// The codes with which SQS (or an emulator) says it does not offer an operation.
bool Unsupported(const std::string& code) {
  return code == "InvalidAction" || code == "UnsupportedOperation" ||
         code == "AWS.SimpleQueueService.UnsupportedOperation" || code == "UnknownOperation";
}

std::string TypeOf(const application::ReceivedMessage& message) {
  if (const auto found = message.attributes.find("type"); found != message.attributes.end()) {
    return found->second;
  }
  boost::system::error_code error;
  const auto value = json::parse(message.body, error);
  if (error || !value.is_object()) return {};
  return Text(value.get_object(), "type");
}

}  // namespace

std::string SqsQueue::DeadLetterArn() {
  const json::object request{{"QueueUrl", options_.queue_url},
                             {"AttributeNames", json::array{"RedrivePolicy"}}};
  const auto answer = client_.Call("GetQueueAttributes", json::serialize(request));
  if (!answer) throw std::runtime_error(answer.error().Describe("SQS GetQueueAttributes"));
  const auto document = Parse(*answer, "GetQueueAttributes");
  const auto* attributes = document.if_contains("Attributes");
  std::string arn;
  if (attributes != nullptr && attributes->is_object()) {
    boost::system::error_code error;
    const auto policy = json::parse(Text(attributes->get_object(), "RedrivePolicy"), error);
    if (!error && policy.is_object()) arn = Text(policy.get_object(), "deadLetterTargetArn");
  }
  if (arn.empty() || QueueUrlOfArn(arn).empty()) {
    throw std::runtime_error("the SQS queue has no redrive policy, hence no dead-letter queue");
  }
  return arn;
}

std::vector<application::DeadLetterSummary> SqsQueue::ListDeadLetters(int limit) {
  SqsQueue dead({.queue_url = QueueUrlOfArn(DeadLetterArn()), .wait_time = std::chrono::seconds(0)},
                client_);
  std::vector<application::DeadLetterSummary> letters;
  std::vector<std::string> receipts;
  std::set<std::string> seen;
  while (static_cast<int>(letters.size()) < limit) {
    const auto batch =
        dead.Receive(std::min(10, limit - static_cast<int>(letters.size())), kListingLease);
    if (batch.empty()) break;
    for (const auto& message : batch) {
      receipts.push_back(message.receipt_handle);
      if (!seen.insert(message.message_id).second) continue;
      letters.push_back({.message_id = message.message_id,
                         .group_id = message.group_id,
                         .type = TypeOf(message),
                         .receive_count = message.receive_count,
                         .sent_at = message.sent_at,
                         .body_bytes = message.body.size()});
    }
  }
  // Visible again at once: listing leaves the dead-letter queue as it was.
  for (const auto& receipt : receipts) dead.ExtendVisibility(receipt, std::chrono::seconds(0));
  return letters;
}

application::RedriveOutcome SqsQueue::RedriveDeadLetters(int limit) {
  const std::string arn = DeadLetterArn();
  const json::object request{{"SourceArn", arn}};
  const auto answer = client_.Call("StartMessageMoveTask", json::serialize(request));
  if (answer) {
    return {.moved = 0,
            .method = "StartMessageMoveTask",
            .task = Text(Parse(*answer, "StartMessageMoveTask"), "TaskHandle")};
  }
  if (!Unsupported(answer.error().code)) {
    throw std::runtime_error(answer.error().Describe("SQS StartMessageMoveTask"));
  }
  SqsQueue dead({.queue_url = QueueUrlOfArn(arn), .wait_time = std::chrono::seconds(0)}, client_);
  return ReceiveAndSend(dead, limit);
}

application::RedriveOutcome SqsQueue::ReceiveAndSend(SqsQueue& dead, int limit) {
  application::RedriveOutcome outcome{.method = "receive-and-send"};
  while (outcome.moved < limit) {
    const auto batch = dead.Receive(
        static_cast<int>(std::min<long long>(10, limit - outcome.moved)), kRedriveLease);
    if (batch.empty()) break;
    std::vector<application::OutgoingMessage> outgoing;
    for (const auto& message : batch) {
      // A fresh deduplication id (the original one may still be in the source queue's
      // five-minute window, which would drop the message); unique per receive, so a redrive
      // that is interrupted and run again sends again rather than losing the message.
      outgoing.push_back(
          {.group_id = message.group_id.empty() ? message.message_id : message.group_id,
           .deduplication_id =
               "redrive-" + message.message_id + "-" + std::to_string(message.receive_count),
           .body = message.body,
           .attributes = message.attributes});
    }
    const auto sent = PublishBatch(outgoing);
    std::vector<std::string> moved;
    std::string failure;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (sent[i].Published()) {
        moved.push_back(batch[i].receipt_handle);
      } else {
        failure = sent[i].error;
        dead.ExtendVisibility(batch[i].receipt_handle, std::chrono::seconds(0));
      }
    }
    // Deleted from the dead-letter queue only once it is on the source queue.
    if (!moved.empty()) dead.DeleteBatch(moved);
    outcome.moved += static_cast<long long>(moved.size());
    if (!failure.empty()) {
      outcome.error = failure;
      break;
    }
  }
  return outcome;
}

}  // namespace rampart::infrastructure::messaging
