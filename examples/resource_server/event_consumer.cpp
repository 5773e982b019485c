#include "event_consumer.hpp"

#include <exception>
#include <string>
#include <vector>

#include "common/log.hpp"

namespace resource_server {

namespace log = rampart::log;
using namespace std::chrono_literals;

void EventConsumer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void EventConsumer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventConsumer::Run() {
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    try {
      // Long polling: SQS answers as soon as a message arrives, or after its wait time.
      const auto messages = queue_.Receive(10, 30s);
      std::vector<std::string> done;
      for (const auto& message : messages) {
        if (Handle(message)) done.push_back(message.receipt_handle);
      }
      if (!done.empty()) queue_.DeleteBatch(done);
    } catch (const std::exception& error) {
      // The queue is unreachable: the SQS client has retried already; pause, then try again.
      log::Warn("events", "cannot read the events queue", {{"error", error.what()}});
      std::unique_lock lock(mutex_);
      stopped_.wait_for(lock, 2s, [this] { return stopping_; });
    }
  }
}

bool EventConsumer::Handle(const rampart::application::ReceivedMessage& message) {
  auto event = ParseCloudEvent(message.body);
  if (!event) {
    log::Warn("events", "not a CloudEvent; left for the dead-letter queue",
              {{"messageId", message.message_id}, {"reason", event.error()}});
    return false;
  }
  const std::string id = event->id;
  const std::string type = event->type;
  const std::string subject = event->subject;
  const bool fresh = events_.Add(std::move(*event));
  // Log the envelope only: `data` carries e-mail addresses.
  log::Info(
      "events", fresh ? "event received" : "event redelivered; already handled",
      {{"id", id}, {"type", type}, {"subject", subject}, {"receiveCount", message.receive_count}});
  return true;
}

}  // namespace resource_server
