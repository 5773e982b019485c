#pragma once
// The exporter's bounded span queue: a ring over storage allocated once, so that queueing a
// finished span on a request thread never allocates (a std::deque allocates and frees a block
// every few dozen spans). Not synchronised: the exporter guards it with its mutex.
#include <cstddef>
#include <memory>
#include <vector>

#include "telemetry/span.hpp"

namespace rampart::infrastructure::telemetry {

class SpanRing {
 public:
  explicit SpanRing(std::size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == slots_.size(); }

  // push_back appends; false (and `span` left alone) when full.
  bool push_back(std::unique_ptr<rampart::telemetry::SpanData>& span) {
    if (full()) return false;
    slots_[(head_ + size_) % slots_.size()] = std::move(span);
    ++size_;
    return true;
  }

  // pop_front removes and returns the oldest span; the ring must not be empty.
  std::unique_ptr<rampart::telemetry::SpanData> pop_front() {
    auto span = std::move(slots_[head_]);
    head_ = (head_ + 1) % slots_.size();
    --size_;
    return span;
  }

  void clear() {
    while (!empty()) pop_front();
  }

 private:
  std::vector<std::unique_ptr<rampart::telemetry::SpanData>> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace rampart::infrastructure::telemetry
