#pragma once
// Reads rampart's domain events (CloudEvents, docs/events.md) from a queue on a thread of its own:
// each event is logged and kept in RecentEvents, then deleted from the queue. A body that is not a
// CloudEvent is left on the queue: it comes back after the visibility timeout and, after the
// queue's maximum receives, goes to its dead-letter queue.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "application/ports/message_queue.hpp"
#include "recent_events.hpp"

namespace resource_server {

class EventConsumer {
 public:
  // `queue` and `events` must outlive the consumer.
  EventConsumer(rampart::application::MessageQueue& queue, RecentEvents& events)
      : queue_(queue), events_(events) {}
  ~EventConsumer() { Stop(); }
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  void Start();
  // Stop ends the loop after the receive in progress (at most the queue's long-poll time).
  void Stop();

 private:
  void Run();
  // Handle logs and keeps one message; false when it is not a CloudEvent (left on the queue).
  bool Handle(const rampart::application::ReceivedMessage& message);

  rampart::application::MessageQueue& queue_;
  RecentEvents& events_;
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace resource_server
