#include "application/messaging/visibility_heartbeat.hpp"

#include <algorithm>
#include <exception>

namespace rampart::application {

VisibilityHeartbeat::VisibilityHeartbeat(MessageQueue& queue, std::vector<std::string> receipts,
                                         std::chrono::milliseconds visibility,
                                         std::chrono::milliseconds interval)
    : queue_(queue),
      receipts_(std::move(receipts)),
      visibility_(visibility),
      interval_(interval),
      thread_([this] { Run(); }) {}

VisibilityHeartbeat::~VisibilityHeartbeat() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int VisibilityHeartbeat::Beats() const {
  std::lock_guard lock(mutex_);
  return beats_;
}

std::vector<std::string> VisibilityHeartbeat::Lost() const {
  std::lock_guard lock(mutex_);
  return lost_;
}

void VisibilityHeartbeat::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    const auto receipts = receipts_;
    lock.unlock();
    std::vector<std::string> stale;
    int extended = 0;
    for (const auto& receipt : receipts) {
      try {
        if (queue_.ExtendVisibility(receipt, visibility_)) {
          ++extended;
        } else {
          stale.push_back(receipt);
        }
      } catch (const std::exception&) {
        // The queue did not answer: the next beat tries again, well within the visibility.
      }
    }
    lock.lock();
    beats_ += extended;
    for (const auto& receipt : stale) {
      lost_.push_back(receipt);
      receipts_.erase(std::remove(receipts_.begin(), receipts_.end(), receipt), receipts_.end());
    }
  }
}

}  // namespace rampart::application
