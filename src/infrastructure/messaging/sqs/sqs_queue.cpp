#include "infrastructure/messaging/sqs/sqs_queue.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "common/log.hpp"
#include "infrastructure/messaging/sqs/sqs_json.hpp"
#include "infrastructure/messaging/sqs/sqs_md5.hpp"

namespace rampart::infrastructure::messaging {

namespace {

namespace json = boost::json;
constexpr std::string_view kComponent = "messaging";
constexpr std::size_t kBatch = 10;  // SQS's most entries per batch call

using sqs_json::Array;
using sqs_json::Number;
using sqs_json::Parse;
using sqs_json::Text;

// The attributes as SQS sends and checksums them (all String).
std::vector<SqsAttribute> AsSqs(const application::MessageAttributes& attributes) {
  std::vector<SqsAttribute> out;
  for (const auto& [name, value] : attributes) out.push_back({name, "String", value});
  return out;
}

std::string DecodeBase64(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    else
      continue;  // padding
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

int Seconds(std::chrono::milliseconds duration) {
  // Rounded up: a visibility timeout is never shorter than asked for (SQS counts seconds).
  return static_cast<int>(std::clamp<long long>((duration.count() + 999) / 1000, 0, 43'200));
}

}  // namespace

SqsQueue::SqsQueue(SqsQueueOptions options, aws::AwsJsonClient& client)
    : options_(std::move(options)), client_(client), fifo_(options_.queue_url.ends_with(".fifo")) {}

std::string SqsQueue::QueueUrlOfArn(std::string_view arn) const {
  // arn:aws:sqs:<region>:<account>:<name>
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() < 5) {
    const auto colon = arn.find(':', start);
    if (colon == std::string_view::npos) return {};
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  const auto account = parts[4];
  const auto name = arn.substr(start);
  const auto scheme_end = options_.queue_url.find("://");
  const auto path = options_.queue_url.find('/', scheme_end + 3);
  return options_.queue_url.substr(0, path) + "/" + std::string(account) + "/" + std::string(name);
}

std::string SqsQueue::Publish(const application::OutgoingMessage& message) {
  auto outcomes = PublishBatch(std::span(&message, 1));
  if (!outcomes.front().Published()) throw std::runtime_error(outcomes.front().error);
  return outcomes.front().message_id;
}

std::vector<application::PublishOutcome> SqsQueue::PublishBatch(
    std::span<const application::OutgoingMessage> messages) {
  std::vector<application::PublishOutcome> outcomes(messages.size());
  for (std::size_t start = 0; start < messages.size(); start += kBatch) {
    std::vector<std::size_t> indexes;
    for (std::size_t i = start; i < std::min(messages.size(), start + kBatch); ++i) {
      indexes.push_back(i);
    }
    SendBatch(messages, indexes, outcomes);
    // A 200 answer may still fail some entries (Failed[]): those go again, each alone, so one
    // that keeps failing does not hold the others back.
    for (int round = 0; round < options_.resend_rounds; ++round) {
      std::vector<std::size_t> again;
      for (const auto index : indexes) {
        if (!outcomes[index].Published() && outcomes[index].error.starts_with("retry:")) {
          again.push_back(index);
        }
      }
      if (again.empty()) break;
      for (const auto index : again) SendBatch(messages, {index}, outcomes);
    }
    for (const auto index : indexes) {
      auto& error = outcomes[index].error;
      if (error.starts_with("retry:")) error.erase(0, 6);
    }
  }
  return outcomes;
}

void SqsQueue::SendBatch(std::span<const application::OutgoingMessage> messages,
                         const std::vector<std::size_t>& indexes,
                         std::vector<application::PublishOutcome>& outcomes) {
  json::array entries;
  for (const auto index : indexes) {
    const auto& message = messages[index];
    json::object entry{{"Id", std::to_string(index)}, {"MessageBody", message.body}};
    if (!message.attributes.empty()) {
      json::object attributes;
      for (const auto& [name, value] : message.attributes) {
        attributes[name] = json::object{{"DataType", "String"}, {"StringValue", value}};
      }
      entry["MessageAttributes"] = std::move(attributes);
    }
    if (fifo_) {
      entry["MessageGroupId"] = message.group_id;
      entry["MessageDeduplicationId"] = message.deduplication_id;
    }
    entries.push_back(std::move(entry));
  }
  const json::object request{{"QueueUrl", options_.queue_url}, {"Entries", std::move(entries)}};
  const auto answer = client_.Call("SendMessageBatch", json::serialize(request));
  if (!answer) {
    // Nothing of this batch is known to be enqueued; a retry with the same deduplication ids
    // is safe on a FIFO queue (and at-least-once on a standard one).
    const std::string why = answer.error().Describe("SQS SendMessageBatch");
    for (const auto index : indexes) outcomes[index].error = why;
    return;
  }
  const auto document = Parse(*answer, "SendMessageBatch");
  for (const auto index : indexes)
    outcomes[index].error = "SQS SendMessageBatch: no answer for this entry";
  for (const auto& item : Array(document, "Successful")) {
    if (!item.is_object()) continue;
    const auto& entry = item.get_object();
    const auto id = Number(Text(entry, "Id"));
    if (std::find(indexes.begin(), indexes.end(), static_cast<std::size_t>(id)) == indexes.end()) {
      continue;
    }
    const auto& message = messages[static_cast<std::size_t>(id)];
    auto& outcome = outcomes[static_cast<std::size_t>(id)];
    const bool body_ok = Text(entry, "MD5OfMessageBody") == Md5OfBody(message.body);
    const bool attributes_ok =
        message.attributes.empty() ||
        Text(entry, "MD5OfMessageAttributes") == Md5OfAttributes(AsSqs(message.attributes));
    if (!body_ok || !attributes_ok) {
      // Corrupted on the way: sent again (a FIFO queue deduplicates the copy that did arrive).
      outcome.error =
          "retry:SQS SendMessageBatch: MD5 of the message as SQS received it does "
          "not match what was sent";
      log::Warn(kComponent, "SQS send checksum mismatch", {{"entry", static_cast<long long>(id)}});
      continue;
    }
    outcome = {.message_id = Text(entry, "MessageId")};
  }
  for (const auto& item : Array(document, "Failed")) {
    if (!item.is_object()) continue;
    const auto& entry = item.get_object();
    const auto id = static_cast<std::size_t>(Number(Text(entry, "Id")));
    if (std::find(indexes.begin(), indexes.end(), id) == indexes.end()) continue;
    const auto* sender = entry.if_contains("SenderFault");
    const bool sender_fault = sender != nullptr && sender->is_bool() && sender->get_bool();
    // A sender fault (a malformed entry) fails the same way again; anything else is retried.
    outcomes[id].error = std::string(sender_fault ? "" : "retry:") +
                         "SQS SendMessageBatch: " + Text(entry, "Code") + ": " +
                         Text(entry, "Message");
    outcomes[id].permanent = sender_fault;
  }
}

std::vector<application::ReceivedMessage> SqsQueue::Receive(
    int max_messages, std::chrono::milliseconds visibility_timeout) {
  const json::object request{{"QueueUrl", options_.queue_url},
                             {"MaxNumberOfMessages", std::clamp(max_messages, 1, 10)},
                             {"VisibilityTimeout", Seconds(visibility_timeout)},
                             {"WaitTimeSeconds", options_.wait_time.count()},
                             {"AttributeNames", json::array{"All"}},
                             {"MessageSystemAttributeNames", json::array{"All"}},
                             {"MessageAttributeNames", json::array{"All"}}};
  const auto answer =
      client_.Call("ReceiveMessage", json::serialize(request),
                   std::chrono::duration_cast<std::chrono::milliseconds>(options_.wait_time));
  if (!answer) throw std::runtime_error(answer.error().Describe("SQS ReceiveMessage"));
  const auto document = Parse(*answer, "ReceiveMessage");
  std::vector<application::ReceivedMessage> received;
  const auto now = std::chrono::system_clock::now();
  long long oldest = -1;
  for (const auto& item : Array(document, "Messages")) {
    if (!item.is_object()) continue;
    const auto& entry = item.get_object();
    application::ReceivedMessage message{.message_id = Text(entry, "MessageId"),
                                         .receipt_handle = Text(entry, "ReceiptHandle"),
                                         .body = Text(entry, "Body")};
    std::vector<SqsAttribute> checked;
    if (const auto* attributes = entry.if_contains("MessageAttributes");
        attributes != nullptr && attributes->is_object()) {
      for (const auto& [name, value] : attributes->get_object()) {
        if (!value.is_object()) continue;
        const auto& attribute = value.get_object();
        const std::string type = Text(attribute, "DataType");
        // Binary values (base64 in JSON) are checksummed as bytes; only text is handed on.
        if (type.starts_with("Binary")) {
          checked.push_back(
              {std::string(name), type, DecodeBase64(Text(attribute, "BinaryValue"))});
          continue;
        }
        const std::string text = Text(attribute, "StringValue");
        checked.push_back({std::string(name), type, text});
        message.attributes.emplace(std::string(name), text);
      }
    }
    if (message.receipt_handle.empty() || message.message_id.empty()) {
      // Nothing could delete or extend it: handed out, it would be delivered again and again
      // (found by fuzz/aws_reply_fuzzer.cpp). SQS always sends both; skip what did not.
      log::Warn(kComponent, "SQS message without a receipt handle or id; skipped",
                {{"messageId", message.message_id}});
      continue;
    }
    const bool body_ok = Text(entry, "MD5OfBody") == Md5OfBody(message.body);
    const std::string attributes_md5 = Text(entry, "MD5OfMessageAttributes");
    const bool attributes_ok =
        checked.empty() ? attributes_md5.empty() : attributes_md5 == Md5OfAttributes(checked);
    if (!body_ok || !attributes_ok) {
      // Not handed out and not deleted: it becomes visible again, and a message that keeps
      // arriving corrupted ends in the dead-letter queue after the redrive policy's receives.
      log::Warn(
          kComponent, "SQS message checksum mismatch; left for redelivery",
          {{"messageId", message.message_id}, {"body", body_ok}, {"attributes", attributes_ok}});
      continue;
    }
    if (const auto* system = entry.if_contains("Attributes");
        system != nullptr && system->is_object()) {
      const auto& attributes = system->get_object();
      message.receive_count = static_cast<int>(Number(Text(attributes, "ApproximateReceiveCount")));
      message.group_id = Text(attributes, "MessageGroupId");
      message.deduplication_id = Text(attributes, "MessageDeduplicationId");
      // Milliseconds since the epoch, read only up to 2200-01-01: a later one (a hostile or
      // broken answer; found by fuzz/aws_reply_fuzzer.cpp) overflowed system_clock's nanoseconds.
      constexpr long long kLastSentMs = 7'258'118'400'000;
      const long long sent_ms = Number(Text(attributes, "SentTimestamp"));
      if (sent_ms > 0 && sent_ms < kLastSentMs) {
        const auto sent = std::chrono::system_clock::time_point(std::chrono::milliseconds(sent_ms));
        message.sent_at = std::chrono::time_point_cast<std::chrono::seconds>(sent);
        oldest = std::max<long long>(
            oldest, std::chrono::duration_cast<std::chrono::seconds>(now - sent).count());
      }
    }
    received.push_back(std::move(message));
  }
  if (oldest >= 0) oldest_received_age_.store(oldest, std::memory_order_relaxed);
  return received;
}

std::vector<bool> SqsQueue::DeleteBatch(std::span<const std::string> receipt_handles) {
  std::vector<bool> deleted(receipt_handles.size(), false);
  for (std::size_t start = 0; start < receipt_handles.size(); start += kBatch) {
    json::array entries;
    const std::size_t end = std::min(receipt_handles.size(), start + kBatch);
    for (std::size_t i = start; i < end; ++i) {
      entries.push_back(
          json::object{{"Id", std::to_string(i)}, {"ReceiptHandle", receipt_handles[i]}});
    }
    const json::object request{{"QueueUrl", options_.queue_url}, {"Entries", std::move(entries)}};
    const auto answer = client_.Call("DeleteMessageBatch", json::serialize(request));
    if (!answer) throw std::runtime_error(answer.error().Describe("SQS DeleteMessageBatch"));
    const auto document = Parse(*answer, "DeleteMessageBatch");
    for (const auto& item : Array(document, "Successful")) {
      if (!item.is_object()) continue;
      const auto id = static_cast<std::size_t>(Number(Text(item.get_object(), "Id")));
      if (id >= start && id < end) deleted[id] = true;
    }
    for (const auto& item : Array(document, "Failed")) {
      if (!item.is_object()) continue;
      log::Debug(kComponent, "SQS delete refused", {{"code", Text(item.get_object(), "Code")}});
    }
  }
  return deleted;
}

bool SqsQueue::Delete(std::string_view receipt_handle) {
  const std::string receipt(receipt_handle);
  return DeleteBatch(std::span(&receipt, 1)).front();
}

bool SqsQueue::ExtendVisibility(std::string_view receipt_handle,
                                std::chrono::milliseconds visibility_timeout) {
  const json::object request{{"QueueUrl", options_.queue_url},
                             {"ReceiptHandle", receipt_handle},
                             {"VisibilityTimeout", Seconds(visibility_timeout)}};
  const auto answer = client_.Call("ChangeMessageVisibility", json::serialize(request));
  if (answer) return true;
  const auto& code = answer.error().code;
  if (code == "ReceiptHandleIsInvalid" || code == "MessageNotInflight" ||
      code == "InvalidParameterValue") {
    return false;
  }
  throw std::runtime_error(answer.error().Describe("SQS ChangeMessageVisibility"));
}

application::QueueStatus SqsQueue::FetchStatus() {
  const auto attributes_of = [&](const std::string& url) {
    const json::object request{{"QueueUrl", url}, {"AttributeNames", json::array{"All"}}};
    const auto answer = client_.Call("GetQueueAttributes", json::serialize(request));
    if (!answer) throw std::runtime_error(answer.error().Describe("SQS GetQueueAttributes"));
    const auto document = Parse(*answer, "GetQueueAttributes");
    const auto* attributes = document.if_contains("Attributes");
    return attributes != nullptr && attributes->is_object() ? attributes->get_object()
                                                            : json::object();
  };
  const auto attributes = attributes_of(options_.queue_url);
  application::QueueStatus status{.kind = fifo_ ? "sqs-fifo" : "sqs"};
  status.visible = Number(Text(attributes, "ApproximateNumberOfMessages"));
  status.in_flight = Number(Text(attributes, "ApproximateNumberOfMessagesNotVisible"));
  if (const auto redrive = Text(attributes, "RedrivePolicy"); !redrive.empty()) {
    boost::system::error_code error;
    const auto policy = json::parse(redrive, error);
    if (!error && policy.is_object()) {
      const auto& object = policy.get_object();
      const std::string arn = Text(object, "deadLetterTargetArn");
      if (const auto* max = object.if_contains("maxReceiveCount")) {
        status.max_receives = max->is_int64() ? static_cast<int>(max->get_int64())
                              : max->is_string()
                                  ? static_cast<int>(Number(std::string(max->get_string())))
                                  : 0;
      }
      status.dead_letter_queue = arn.substr(arn.rfind(':') + 1);
      if (const auto url = QueueUrlOfArn(arn); !url.empty()) {
        const auto dead = attributes_of(url);
        status.dead_letters = Number(Text(dead, "ApproximateNumberOfMessages")) +
                              Number(Text(dead, "ApproximateNumberOfMessagesNotVisible"));
      }
    }
  }
  if (const long long age = oldest_received_age_.load(std::memory_order_relaxed); age >= 0) {
    status.oldest_received_age = std::chrono::seconds(age);
  }
  return status;
}

application::QueueStatus SqsQueue::Status() {
  std::lock_guard lock(status_mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!status_ || now - status_at_ >= options_.status_max_age) {
    status_ = FetchStatus();
    status_at_ = now;
  }
  return *status_;
}

}  // namespace rampart::infrastructure::messaging
