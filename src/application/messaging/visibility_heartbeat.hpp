#pragma once
// Keeps received messages invisible while a handler works on them longer than a visibility
// timeout would allow (an SMTP delivery, a slow downstream): every `interval` it extends each
// message's visibility to `visibility` from then (SQS ChangeMessageVisibility), until it is
// destroyed — after the handler committed and before the message is deleted. A message whose
// receipt went stale (someone else received it meanwhile) is dropped from the beat and reported
// by Lost(): its handler's work may be done twice, which the idempotent consumer absorbs.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "application/ports/message_queue.hpp"

namespace rampart::application {

class VisibilityHeartbeat {
 public:
  // VisibilityHeartbeat starts beating on a thread of its own; `interval` should be well below
  // `visibility` (a third of it, say).
  VisibilityHeartbeat(MessageQueue& queue, std::vector<std::string> receipts,
                      std::chrono::milliseconds visibility, std::chrono::milliseconds interval);
  // Stops beating (waits for a beat in progress).
  ~VisibilityHeartbeat();
  VisibilityHeartbeat(const VisibilityHeartbeat&) = delete;
  VisibilityHeartbeat& operator=(const VisibilityHeartbeat&) = delete;

  // Beats returns extensions made so far.
  int Beats() const;
  // Lost returns receipts whose extension was refused (stale).
  std::vector<std::string> Lost() const;

 private:
  void Run();

  MessageQueue& queue_;
  std::vector<std::string> receipts_;
  const std::chrono::milliseconds visibility_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int beats_ = 0;
  std::vector<std::string> lost_;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace rampart::application
