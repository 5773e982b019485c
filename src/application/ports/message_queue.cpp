#include "application/ports/message_queue.hpp"

#include <exception>

namespace rampart::application {

std::vector<PublishOutcome> MessageQueue::PublishBatch(std::span<const OutgoingMessage> messages) {
  std::vector<PublishOutcome> outcomes;
  outcomes.reserve(messages.size());
  for (const auto& message : messages) {
    try {
      outcomes.push_back({.message_id = Publish(message)});
    } catch (const std::exception& failure) {
      outcomes.push_back({.error = failure.what()});
    }
  }
  return outcomes;
}

std::vector<bool> MessageQueue::DeleteBatch(std::span<const std::string> receipt_handles) {
  std::vector<bool> deleted;
  deleted.reserve(receipt_handles.size());
  for (const auto& receipt : receipt_handles) deleted.push_back(Delete(receipt));
  return deleted;
}

bool MessageQueue::ExtendVisibility(std::string_view, std::chrono::milliseconds) { return false; }

QueueStatus MessageQueue::Status() { return {.kind = "unknown"}; }

}  // namespace rampart::application
