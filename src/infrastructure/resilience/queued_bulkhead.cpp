#include "infrastructure/resilience/queued_bulkhead.hpp"

#include <algorithm>
#include <stdexcept>

namespace rampart::infrastructure::resilience {

QueuedBulkhead::Permit& QueuedBulkhead::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    if (bulkhead_ != nullptr) bulkhead_->Leave();
    bulkhead_ = std::exchange(other.bulkhead_, nullptr);
  }
  return *this;
}

QueuedBulkhead::Permit::~Permit() {
  if (bulkhead_ != nullptr) bulkhead_->Leave();
}

QueuedBulkhead::QueuedBulkhead(QueuedBulkheadOptions options) : options_(options) {
  if (options.limit < 1 || options.max_wait.count() < 0) {
    throw std::invalid_argument("bulkhead: need limit >= 1 and max_wait >= 0");
  }
}

QueuedBulkhead::Permit QueuedBulkhead::Enter() {
  std::unique_lock lock(mutex_);
  if (in_use_ < options_.limit && line_.empty()) {
    ++in_use_;
    return Permit(this);
  }
  Waiter waiter;
  line_.push_back(&waiter);
  const auto deadline = std::chrono::steady_clock::now() + options_.max_wait;
  if (!handed_over_.wait_until(lock, deadline, [&] { return waiter.admitted; })) {
    line_.erase(std::find(line_.begin(), line_.end(), &waiter));
    ++rejected_;
    return Permit();
  }
  return Permit(this);  // the slot of the caller who left, counted in in_use_ still
}

void QueuedBulkhead::Leave() {
  {
    std::lock_guard lock(mutex_);
    if (line_.empty()) {
      --in_use_;
      return;
    }
    line_.front()->admitted = true;
    line_.pop_front();
  }
  handed_over_.notify_all();
}

int QueuedBulkhead::InUse() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

int QueuedBulkhead::Waiting() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(line_.size());
}

std::uint64_t QueuedBulkhead::Rejected() const {
  std::lock_guard lock(mutex_);
  return rejected_;
}

}  // namespace rampart::infrastructure::resilience
